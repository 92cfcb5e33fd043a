/// The backend-neutral write rules: what one upsert or delete changes, whatever the
/// database. A revision is made only when the policies' digest changes (always on the first
/// write and on re-creation); the generation is bumped on every change of inputs or current
/// revision, on deletion and re-creation; a stack's times never go backwards; preconditions
/// are evaluated on the locked row. Backends supply the statements (``StackTransaction``).
enum StackRules {
    static func upsert<Transaction: StackTransaction>(
        _ write: StackWrite, now clock: Int64, in transaction: Transaction
    ) throws(Transaction.Failure) -> UpsertOutcome {
        let existing = try transaction.lockStack(namespace: write.namespace, name: write.name)
        let liveETag = existing.flatMap { $0.isLive ? $0.etag : nil }
        guard write.precondition.isSatisfied(byCurrentETag: liveETag) else { return .preconditionFailed }
        guard let existing else {
            guard write.summaryBasis == .absent else { return .summaryStale(nil) }
            return try create(write, now: clock, in: transaction)
        }
        // A stack's times never go backwards, even if the wall clock does.
        let now = max(clock, existing.updatedAt)
        if existing.isLive, existing.current.digest == write.digest {
            guard existing.inputs != write.inputsJSON else {
                return .written(stack: existing.stored, created: false, revisionCreated: false)
            }
            return try replaceInputs(of: existing, write, now: now, in: transaction)
        }
        let basis: SummaryBasis = existing.isLive ? .revision(digest: existing.current.digest) : .deleted
        guard write.summaryBasis == basis else {
            guard let policies = try transaction.policies(stackID: existing.id, number: existing.current.number) else {
                throw transaction.invariant(
                    "revision \(existing.current.number) of \(existing.namespace)/\(existing.name) is missing")
            }
            return .summaryStale(
                PreviousRevision(
                    number: existing.current.number, digest: existing.current.digest, policiesJSON: policies,
                    stackWasDeleted: !existing.isLive))
        }
        return try appendRevision(to: existing, write, now: now, in: transaction)
    }

    static func delete<Transaction: StackTransaction>(
        namespace: String, name: String, precondition: WritePrecondition, author: String, now: Int64,
        in transaction: Transaction
    ) throws(Transaction.Failure) -> DeleteOutcome {
        guard let existing = try transaction.lockStack(namespace: namespace, name: name), existing.isLive
        else { return .notFound }
        guard precondition.isSatisfied(byCurrentETag: existing.etag) else { return .preconditionFailed }
        let deletedAt = max(now, existing.updatedAt)
        try transaction.markDeleted(id: existing.id, deletedAt: deletedAt, generation: existing.generation &+ 1)
        try transaction.insertDeletion(
            stackID: existing.id, revision: existing.current.number, deletedAt: deletedAt, author: author)
        return .deleted
    }

    /// First write of a stack: the row and revision 1.
    private static func create<Transaction: StackTransaction>(
        _ write: StackWrite, now: Int64, in transaction: Transaction
    ) throws(Transaction.Failure) -> UpsertOutcome {
        let generation: Int64 = 1
        let etag = StackETag.make(
            namespace: write.namespace, name: write.name, generation: generation, revision: 1,
            digest: write.digest, createdAt: now, inputs: write.inputsJSON)
        let id = try transaction.insertStack(
            StackRow(
                namespace: write.namespace, name: write.name, inputs: write.inputsJSON, currentRevision: 1,
                generation: generation, etag: etag, createdAt: now, updatedAt: now))
        try transaction.insertRevision(transaction.revisionRow(stackID: id, number: 1, write: write, createdAt: now))
        let stack = StoredStack(
            namespace: write.namespace, name: write.name, inputsJSON: write.inputsJSON, etag: etag,
            createdAt: Timestamp.rfc3339(now), updatedAt: Timestamp.rfc3339(now),
            current: summary(of: write, number: 1, at: now))
        return .written(stack: stack, created: true, revisionCreated: true)
    }

    /// A new current revision: the policies changed, or the stack is re-created
    /// after deletion (then always, and numbering continues).
    private static func appendRevision<Transaction: StackTransaction>(
        to existing: StackRecord, _ write: StackWrite, now: Int64, in transaction: Transaction
    ) throws(Transaction.Failure) -> UpsertOutcome {
        let number = existing.current.number &+ 1
        try transaction.insertRevision(
            transaction.revisionRow(stackID: existing.id, number: number, write: write, createdAt: now))
        let generation = existing.generation &+ 1
        let createdAt = existing.isLive ? existing.createdAt : now
        let etag = StackETag.make(
            namespace: existing.namespace, name: existing.name, generation: generation, revision: number,
            digest: write.digest, createdAt: createdAt, inputs: write.inputsJSON)
        try transaction.updateStack(
            id: existing.id,
            StackRow(
                namespace: existing.namespace, name: existing.name, inputs: write.inputsJSON,
                currentRevision: number, generation: generation, etag: etag, createdAt: createdAt, updatedAt: now))
        let stack = StoredStack(
            namespace: existing.namespace, name: existing.name, inputsJSON: write.inputsJSON, etag: etag,
            createdAt: Timestamp.rfc3339(createdAt), updatedAt: Timestamp.rfc3339(now),
            current: summary(of: write, number: number, at: now), lastDeletion: existing.lastDeletion)
        return .written(stack: stack, created: !existing.isLive, revisionCreated: true)
    }

    /// Same policies, new inputs: no revision; inputs, `updatedAt` and ETag change.
    private static func replaceInputs<Transaction: StackTransaction>(
        of existing: StackRecord, _ write: StackWrite, now: Int64, in transaction: Transaction
    ) throws(Transaction.Failure) -> UpsertOutcome {
        let generation = existing.generation &+ 1
        let etag = StackETag.make(
            namespace: existing.namespace, name: existing.name, generation: generation,
            revision: existing.current.number, digest: existing.current.digest,
            createdAt: existing.createdAt, inputs: write.inputsJSON)
        try transaction.updateStack(
            id: existing.id,
            StackRow(
                namespace: existing.namespace, name: existing.name, inputs: write.inputsJSON,
                currentRevision: existing.current.number, generation: generation, etag: etag,
                createdAt: existing.createdAt, updatedAt: now))
        let stack = StoredStack(
            namespace: existing.namespace, name: existing.name, inputsJSON: write.inputsJSON, etag: etag,
            createdAt: Timestamp.rfc3339(existing.createdAt), updatedAt: Timestamp.rfc3339(now),
            current: existing.current, lastDeletion: existing.lastDeletion)
        return .written(stack: stack, created: false, revisionCreated: false)
    }

    private static func summary(of write: StackWrite, number: Int, at now: Int64) -> RevisionSummary {
        RevisionSummary(
            number: number, digest: write.digest, enabled: write.enabled, reason: write.reason,
            author: write.author, createdAt: Timestamp.rfc3339(now), changeSummary: write.changeSummary)
    }
}
