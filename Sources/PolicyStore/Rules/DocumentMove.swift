import PolicyCore

/// The statements of ``DocumentMove`` on one backend, inside the migration transaction.
protocol DocumentMoveStatements {
    associatedtype Failure: Error

    /// Up to `limit` revisions after `key` in `(stack_id, number)` order with their inline
    /// documents (the columns migration 0004 leaves for 0005 to drop).
    func inlineRevisions(after key: RevisionKey, limit: Int) throws(Failure) -> [InlineRevision]

    /// Records the object ids of a revision's documents.
    func setParts(of key: RevisionKey, warnings: [Int64], inputs: [Int64], policies: [Int64]) throws(Failure)

    /// As ``StackTransaction/storeObject(hash:body:)``.
    func storeObject(hash: [UInt8], body: [UInt8]) throws(Failure) -> Int64
}

/// A revision's primary key.
struct RevisionKey: Comparable {
    var stackID: Int64
    var number: Int

    static func < (lhs: RevisionKey, rhs: RevisionKey) -> Bool {
        (lhs.stackID, lhs.number) < (rhs.stackID, rhs.number)
    }
}

/// A revision as stored before content addressing: its documents inline.
struct InlineRevision {
    var key: RevisionKey
    var warnings: [UInt8]
    var inputs: [UInt8]
    var policies: [UInt8]
}

/// The data step between migrations 0004 and 0005 (both dialects): every revision's inline
/// documents move into `objects` as ``DocumentParts``; the revision keeps their ids. The bytes a
/// revision reads back are the bytes it held (``DocumentParts/init(splitting:)`` is lossless).
enum DocumentMove {
    /// The migration after whose script the move runs.
    static let migrationFileName = "0004_content_addressed_objects.sql"

    /// Revisions read per statement.
    static let batchSize = 256

    /// Moves every revision; returns how many moved.
    @discardableResult
    static func run<Statements: DocumentMoveStatements>(in statements: Statements) throws(Statements.Failure) -> Int {
        var after = RevisionKey(stackID: Int64.min, number: Int.min)
        var moved = 0
        while true {
            let batch = try statements.inlineRevisions(after: after, limit: batchSize)
            for revision in batch {
                try statements.setParts(
                    of: revision.key, warnings: try store(revision.warnings, in: statements),
                    inputs: try store(revision.inputs, in: statements),
                    policies: try store(revision.policies, in: statements))
            }
            moved += batch.count
            guard batch.count == batchSize, let last = batch.last else { return moved }
            after = last.key
        }
    }

    private static func store<Statements: DocumentMoveStatements>(
        _ document: [UInt8], in statements: Statements
    ) throws(Statements.Failure) -> [Int64] {
        var ids: [Int64] = []
        for part in DocumentParts(splitting: document).parts {
            ids.append(try statements.storeObject(hash: SHA256Digest.bytes(part), body: part))
        }
        return ids
    }
}
