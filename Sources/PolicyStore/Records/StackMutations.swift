/// The write side: what one upsert or delete does inside its savepoint on the
/// writer connection.
enum StackMutations {
    static func upsert(_ write: StackWrite, now clock: Int64, in database: Database) throws(SQLiteError) -> UpsertOutcome {
        let existing = try StackRecord.load(namespace: write.namespace, name: write.name, from: database)
        let liveETag = existing.flatMap { $0.isLive ? $0.etag : nil }
        guard write.precondition.isSatisfied(byCurrentETag: liveETag) else { return .preconditionFailed }
        guard let existing else { return try create(write, now: clock, in: database) }
        // A stack's times never go backwards, even if the wall clock does.
        let now = max(clock, existing.updatedAt)
        guard existing.isLive, existing.current.digest == write.digest else {
            return try appendRevision(to: existing, write, now: now, in: database)
        }
        guard existing.inputs != write.inputsJSON else {
            return .written(stack: existing.stored, created: false, revisionCreated: false)
        }
        return try replaceInputs(of: existing, write, now: now, in: database)
    }

    static func delete(
        namespace: String, name: String, precondition: WritePrecondition, author: String, now: Int64,
        in database: Database
    ) throws(SQLiteError) -> DeleteOutcome {
        guard let existing = try StackRecord.load(namespace: namespace, name: name, from: database), existing.isLive
        else { return .notFound }
        guard precondition.isSatisfied(byCurrentETag: existing.etag) else { return .preconditionFailed }
        let deletedAt = max(now, existing.updatedAt)
        try database.run(
            "UPDATE stacks SET deleted_at = ?, generation = ? WHERE id = ?",
            [deletedAt, existing.generation &+ 1, existing.id])
        try database.run(
            "INSERT INTO deletions (stack_id, revision, deleted_at, author) VALUES (?, ?, ?, ?)",
            [existing.id, existing.current.number, deletedAt, author])
        return .deleted
    }

    /// First write of a stack: the row and revision 1.
    private static func create(_ write: StackWrite, now: Int64, in database: Database) throws(SQLiteError) -> UpsertOutcome {
        let generation: Int64 = 1
        let etag = StackETag.make(
            namespace: write.namespace, name: write.name, generation: generation, revision: 1,
            digest: write.digest, createdAt: now, inputs: write.inputsJSON)
        let inserted = try database.first(
            """
            INSERT INTO stacks (namespace, name, inputs, current_revision, generation, etag, created_at, updated_at)
            VALUES (?, ?, ?, 1, ?, ?, ?, ?) RETURNING id
            """,
            [write.namespace, write.name, write.inputsJSON, generation, etag, now, now]
        ) { $0.int64(0) }
        guard let id = inserted else {
            throw .invariant("inserting stack \(write.namespace)/\(write.name) returned no id")
        }
        let revision = try insertRevision(number: 1, of: id, write, summary: write.changeSummary(nil), now: now, in: database)
        let stack = StoredStack(
            namespace: write.namespace, name: write.name, inputsJSON: write.inputsJSON, etag: etag,
            createdAt: Timestamp.rfc3339(now), updatedAt: Timestamp.rfc3339(now), current: revision)
        return .written(stack: stack, created: true, revisionCreated: true)
    }

    /// A new current revision: the policies changed, or the stack is re-created
    /// after deletion (then always, and numbering continues).
    private static func appendRevision(
        to existing: StackRecord, _ write: StackWrite, now: Int64, in database: Database
    ) throws(SQLiteError) -> UpsertOutcome {
        guard let previousPolicies = try database.first(
            "SELECT policies FROM revisions WHERE stack_id = ? AND number = ?",
            [existing.id, existing.current.number],
            { $0.blob(0) })
        else {
            throw .invariant("revision \(existing.current.number) of \(existing.namespace)/\(existing.name) is missing")
        }
        let previous = PreviousRevision(
            number: existing.current.number, digest: existing.current.digest,
            policiesJSON: previousPolicies, stackWasDeleted: !existing.isLive)
        let number = existing.current.number &+ 1
        let revision = try insertRevision(
            number: number, of: existing.id, write, summary: write.changeSummary(previous), now: now, in: database)
        let generation = existing.generation &+ 1
        let createdAt = existing.isLive ? existing.createdAt : now
        let etag = StackETag.make(
            namespace: existing.namespace, name: existing.name, generation: generation, revision: number,
            digest: write.digest, createdAt: createdAt, inputs: write.inputsJSON)
        try database.run(
            """
            UPDATE stacks SET inputs = ?, current_revision = ?, generation = ?, etag = ?,
                created_at = ?, updated_at = ?, deleted_at = NULL
            WHERE id = ?
            """,
            [write.inputsJSON, number, generation, etag, createdAt, now, existing.id])
        let stack = StoredStack(
            namespace: existing.namespace, name: existing.name, inputsJSON: write.inputsJSON, etag: etag,
            createdAt: Timestamp.rfc3339(createdAt), updatedAt: Timestamp.rfc3339(now), current: revision,
            lastDeletion: existing.lastDeletion)
        return .written(stack: stack, created: !existing.isLive, revisionCreated: true)
    }

    /// Same policies, new inputs: no revision; inputs, `updatedAt` and ETag change.
    private static func replaceInputs(
        of existing: StackRecord, _ write: StackWrite, now: Int64, in database: Database
    ) throws(SQLiteError) -> UpsertOutcome {
        let generation = existing.generation &+ 1
        let etag = StackETag.make(
            namespace: existing.namespace, name: existing.name, generation: generation,
            revision: existing.current.number, digest: existing.current.digest,
            createdAt: existing.createdAt, inputs: write.inputsJSON)
        try database.run(
            "UPDATE stacks SET inputs = ?, generation = ?, etag = ?, updated_at = ? WHERE id = ?",
            [write.inputsJSON, generation, etag, now, existing.id])
        let stack = StoredStack(
            namespace: existing.namespace, name: existing.name, inputsJSON: write.inputsJSON, etag: etag,
            createdAt: Timestamp.rfc3339(existing.createdAt), updatedAt: Timestamp.rfc3339(now),
            current: existing.current, lastDeletion: existing.lastDeletion)
        return .written(stack: stack, created: false, revisionCreated: false)
    }

    private static func insertRevision(
        number: Int, of stackID: Int64, _ write: StackWrite, summary: String, now: Int64, in database: Database
    ) throws(SQLiteError) -> RevisionSummary {
        try database.run(
            """
            INSERT INTO revisions (stack_id, number, digest, enabled, reason, author, created_at,
                change_summary, generator_version, warnings, inputs, policies, restored_from)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                stackID, number, write.digest, write.enabled, write.reason, write.author, now,
                summary, write.generatorVersion, write.warningsJSON, write.inputsJSON, write.policiesJSON,
                write.restoredFrom.map { $0 as any SQLiteBindable } ?? SQLiteNull(),
            ])
        return RevisionSummary(
            number: number, digest: write.digest, enabled: write.enabled, reason: write.reason,
            author: write.author, createdAt: Timestamp.rfc3339(now), changeSummary: summary)
    }
}
