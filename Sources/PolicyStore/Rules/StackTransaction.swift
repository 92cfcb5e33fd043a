import PolicyCore

/// The statements a backend runs for ``StackRules`` inside one write transaction.
///
/// A backend is only this (plus its read queries and transaction handling): every rule of
/// what to write lives in ``StackRules``. Implementations must make ``lockStack(namespace:name:)``
/// exclude concurrent writers of the same stack until the transaction ends (SQLite: the
/// single writer; PostgreSQL: `SELECT … FOR UPDATE`), which is what keeps revision numbers
/// gapless and unique.
protocol StackTransaction {
    associatedtype Failure: Error

    /// The row of `namespace/name`, deleted or not, locked for the rest of the transaction;
    /// `nil` when it never existed.
    func lockStack(namespace: String, name: String) throws(Failure) -> StackRecord?

    /// The policies of revision `number` of the stack with row id `stackID`.
    func policies(stackID: Int64, number: Int) throws(Failure) -> [UInt8]?

    /// Inserts a stack row (its revision 1 follows in the same transaction); returns its id.
    func insertStack(_ row: StackRow) throws(Failure) -> Int64

    /// Replaces the mutable columns of stack `id` with `row` (and makes it live).
    func updateStack(id: Int64, _ row: StackRow) throws(Failure)

    /// Marks stack `id` deleted at `deletedAt` with `generation`.
    func markDeleted(id: Int64, deletedAt: Int64, generation: Int64) throws(Failure)

    /// Appends the deletion of stack `stackID` at its last revision `revision` (same transaction
    /// as ``markDeleted(id:deletedAt:generation:)``).
    func insertDeletion(stackID: Int64, revision: Int, deletedAt: Int64, author: String) throws(Failure)

    /// Appends a revision (its documents already stored with ``storeObject(hash:body:)``).
    func insertRevision(_ row: RevisionRow) throws(Failure)

    /// The id of the object whose SHA-256 is `hash`, inserting it with `body` when the store
    /// does not hold it yet. Objects are immutable and never removed.
    func storeObject(hash: [UInt8], body: [UInt8]) throws(Failure) -> Int64

    /// The ids of the objects among `hashes` (distinct SHA-256s) that the store holds, by hash,
    /// looked up together (one statement, not one per part).
    func objectIDs(hashes: [[UInt8]]) throws(Failure) -> [[UInt8]: Int64]

    /// The error for a broken store invariant.
    func invariant(_ message: String) -> Failure
}

/// The columns of a `stacks` row as ``StackRules`` writes them.
struct StackRow {
    var namespace: String
    var name: String
    var inputs: [UInt8]
    var currentRevision: Int
    var generation: Int64
    var etag: String
    /// Milliseconds since the epoch.
    var createdAt: Int64
    /// Milliseconds since the epoch.
    var updatedAt: Int64
}

/// The columns of a `revisions` row as ``StackRules`` writes them.
struct RevisionRow {
    var stackID: Int64
    var number: Int
    var write: StackWrite
    /// Milliseconds since the epoch.
    var createdAt: Int64
    /// The object ids of the documents' parts (``DocumentParts/parts``), in stored order.
    var warningsParts: [Int64]
    var inputsParts: [Int64]
    var policiesParts: [Int64]
}

extension StackTransaction {
    /// Stores `documents` as content-addressed parts (``DocumentParts``); returns each one's
    /// object ids in stored order. The parts the store holds already (most of them: the
    /// policies that did not change) are found in one lookup; only the others are inserted.
    func storeDocuments(_ documents: [[UInt8]]) throws(Failure) -> [[Int64]] {
        let parts = documents.map { DocumentParts(splitting: $0).parts }
        let hashes = parts.map { $0.map { SHA256Digest.bytes($0) } }
        var known = try objectIDs(hashes: Array(Set(hashes.joined())))
        var ids: [[Int64]] = []
        for (documentParts, documentHashes) in zip(parts, hashes) {
            var documentIDs: [Int64] = []
            documentIDs.reserveCapacity(documentParts.count)
            for (part, hash) in zip(documentParts, documentHashes) {
                if let id = known[hash] {
                    documentIDs.append(id)
                } else {
                    let id = try storeObject(hash: hash, body: part)
                    known[hash] = id
                    documentIDs.append(id)
                }
            }
            ids.append(documentIDs)
        }
        return ids
    }

    /// The revision row of `write`, its documents stored.
    func revisionRow(stackID: Int64, number: Int, write: StackWrite, createdAt: Int64) throws(Failure) -> RevisionRow {
        let ids = try storeDocuments([write.warningsJSON, write.inputsJSON, write.policiesJSON])
        return RevisionRow(
            stackID: stackID, number: number, write: write, createdAt: createdAt,
            warningsParts: ids[0], inputsParts: ids[1], policiesParts: ids[2])
    }
}
