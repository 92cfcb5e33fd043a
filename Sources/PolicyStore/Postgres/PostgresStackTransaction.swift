/// ``StackTransaction`` on a PostgreSQL connection inside `BEGIN` … `COMMIT` (read
/// committed). ``lockStack(namespace:name:)`` takes the stack's row lock (`FOR UPDATE`):
/// writers of one stack queue on it across replicas, so revision numbers stay gapless and
/// unique; two replicas creating the same new stack collide on its unique key instead, and
/// the loser's transaction is retried (``PostgresStackStore``).
struct PostgresStackTransaction: StackTransaction {
    let connection: PostgresConnection

    func lockStack(namespace: String, name: String) throws(PostgresError) -> StackRecord? {
        // Lock the row alone, then read it with its current revision in a new statement (a new
        // snapshot under read committed). `FOR UPDATE` on the join would re-check the join
        // against the revision row of the old snapshot after waiting, and skip the stack.
        let locked = try connection.first(
            "SELECT id FROM stacks WHERE namespace = $1 AND name = $2 FOR UPDATE", [namespace, name]) { $0.int64(0) }
        guard locked != nil else { return nil }
        return try PostgresQueries.record(namespace: namespace, name: name, in: connection)
    }

    func policies(stackID: Int64, number: Int) throws(PostgresError) -> [UInt8]? {
        try connection.first(
            "SELECT stored_document(policies_parts) FROM revisions WHERE stack_id = $1 AND number = $2",
            [stackID, number]) { $0.blob(0) }
    }

    func storeObject(hash: [UInt8], body: [UInt8]) throws(PostgresError) -> Int64 {
        try connection.storeObject(hash: hash, body: body)
    }

    func objectIDs(hashes: [[UInt8]]) throws(PostgresError) -> [[UInt8]: Int64] {
        try connection.objectIDs(hashes: hashes)
    }

    func insertStack(_ row: StackRow) throws(PostgresError) -> Int64 {
        let inserted = try connection.first(
            """
            INSERT INTO stacks (namespace, name, inputs, current_revision, generation, etag, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id
            """,
            [row.namespace, row.name, row.inputs, row.currentRevision, row.generation, row.etag, row.createdAt,
             row.updatedAt]
        ) { $0.int64(0) }
        guard let inserted else { throw invariant("inserting stack \(row.namespace)/\(row.name) returned no id") }
        return inserted
    }

    func updateStack(id: Int64, _ row: StackRow) throws(PostgresError) {
        try connection.run(
            """
            UPDATE stacks SET inputs = $1, current_revision = $2, generation = $3, etag = $4,
                created_at = $5, updated_at = $6, deleted_at = NULL
            WHERE id = $7
            """,
            [row.inputs, row.currentRevision, row.generation, row.etag, row.createdAt, row.updatedAt, id])
    }

    func markDeleted(id: Int64, deletedAt: Int64, generation: Int64) throws(PostgresError) {
        try connection.run(
            "UPDATE stacks SET deleted_at = $1, generation = $2 WHERE id = $3", [deletedAt, generation, id])
    }

    func insertDeletion(stackID: Int64, revision: Int, deletedAt: Int64, author: String) throws(PostgresError) {
        try connection.run(
            "INSERT INTO deletions (stack_id, revision, deleted_at, author) VALUES ($1, $2, $3, $4)",
            [stackID, revision, deletedAt, author])
    }

    func insertRevision(_ row: RevisionRow) throws(PostgresError) {
        let write = row.write
        try connection.run(
            """
            INSERT INTO revisions (stack_id, number, digest, enabled, reason, author, created_at,
                change_summary, generator_version, warnings_parts, inputs_parts, policies_parts, restored_from)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """,
            [
                row.stackID, row.number, write.digest, write.enabled, write.reason, write.author, row.createdAt,
                write.changeSummary, write.generatorVersion, PostgresInt8Array(elements: row.warningsParts),
                PostgresInt8Array(elements: row.inputsParts), PostgresInt8Array(elements: row.policiesParts),
                write.restoredFrom.map { $0 as any PostgresBindable } ?? PostgresNull(postgresType: PostgresType.int8),
            ])
    }

    func invariant(_ message: String) -> PostgresError { .invariant(message) }
}
