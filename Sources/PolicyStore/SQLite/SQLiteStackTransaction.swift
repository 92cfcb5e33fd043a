/// ``StackTransaction`` on the SQLite writer connection, inside a write's savepoint. The
/// single writer connection is the lock that ``lockStack(namespace:name:)`` promises.
struct SQLiteStackTransaction: StackTransaction {
    let database: Database

    func lockStack(namespace: String, name: String) throws(SQLiteError) -> StackRecord? {
        try SQLiteStackTransaction.load(namespace: namespace, name: name, from: database)
    }

    /// The row of `namespace/name`, deleted or not; `nil` when it never existed (also used by readers).
    static func load(namespace: String, name: String, from database: Database) throws(SQLiteError) -> StackRecord? {
        try database.first(
            StackRecord.selectFromJoins + " WHERE s.namespace = ? AND s.name = ?",
            [namespace, name]
        ) { row in
            StackRecord(row: row, namespace: namespace, name: name)
        }
    }

    func policies(stackID: Int64, number: Int) throws(SQLiteError) -> [UInt8]? {
        guard
            let parts = try database.first(
                "SELECT parts FROM revisions WHERE stack_id = ? AND number = ?", [stackID, number],
                { row throws(SQLiteError) in try PartsList.ids(of: .policies, in: row, column: 0, revision: number) })
        else { return nil }
        return try database.documents(parts).policies
    }

    func storeObject(hash: [UInt8], body: [UInt8]) throws(SQLiteError) -> Int64 {
        try database.storeObject(hash: hash, body: body)
    }

    func objectIDs(hashes: [[UInt8]]) throws(SQLiteError) -> [[UInt8]: Int64] {
        try database.objectIDs(hashes: hashes)
    }

    func insertStack(_ row: StackRow) throws(SQLiteError) -> Int64 {
        let inserted = try database.first(
            """
            INSERT INTO stacks (namespace, name, inputs, current_revision, generation, etag, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            [row.namespace, row.name, row.inputs, row.currentRevision, row.generation, row.etag, row.createdAt,
             row.updatedAt]
        ) { $0.int64(0) }
        guard let inserted else { throw invariant("inserting stack \(row.namespace)/\(row.name) returned no id") }
        return inserted
    }

    func updateStack(id: Int64, _ row: StackRow) throws(SQLiteError) {
        try database.run(
            """
            UPDATE stacks SET inputs = ?, current_revision = ?, generation = ?, etag = ?,
                created_at = ?, updated_at = ?, deleted_at = NULL
            WHERE id = ?
            """,
            [row.inputs, row.currentRevision, row.generation, row.etag, row.createdAt, row.updatedAt, id])
    }

    func markDeleted(id: Int64, deletedAt: Int64, generation: Int64) throws(SQLiteError) {
        try database.run("UPDATE stacks SET deleted_at = ?, generation = ? WHERE id = ?", [deletedAt, generation, id])
    }

    func insertDeletion(stackID: Int64, revision: Int, deletedAt: Int64, author: String) throws(SQLiteError) {
        try database.run(
            "INSERT INTO deletions (stack_id, revision, deleted_at, author) VALUES (?, ?, ?, ?)",
            [stackID, revision, deletedAt, author])
    }

    func insertRevision(_ row: RevisionRow) throws(SQLiteError) {
        let write = row.write
        try database.run(
            """
            INSERT INTO revisions (stack_id, number, digest, enabled, reason, author, created_at,
                change_summary, generator_version, parts, restored_from)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                row.stackID, row.number, write.digest, write.enabled, write.reason, write.author, row.createdAt,
                write.changeSummary, write.generatorVersion,
                PartsList.json([row.warningsParts, row.inputsParts, row.policiesParts]),
                write.restoredFrom.map { $0 as any SQLiteBindable } ?? SQLiteNull(),
            ])
    }

    func invariant(_ message: String) -> SQLiteError { .invariant(message) }
}
