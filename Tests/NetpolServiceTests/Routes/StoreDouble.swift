import Foundation
import PolicyStore
import Synchronization

/// A store test double for in-process route tests: a real SQLite store in a temporary
/// directory, that can be told to fail every call with a given ``StoreError`` or to answer every
/// upsert with ``UpsertOutcome/summaryStale(_:)``, and counts the reads of current revisions
/// (to see what the policy cache saves) and the upserts.
final class StoreDouble: StackStore {
    private let base: SQLiteStackStore
    private let directory: URL
    private let failure = Mutex<StoreError?>(nil)
    private let currentRevisionReads = Atomic<Int>(0)
    private let upserts = Atomic<Int>(0)
    private let alwaysStale = Atomic<Bool>(false)

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("routes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        base = try SQLiteStackStore(path: directory.appendingPathComponent("netpol.db").path, readers: 1)
    }

    deinit {
        base.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// From now on every call fails with `error` (nil: calls succeed again).
    func fail(with error: StoreError?) { failure.withLock { $0 = error } }

    /// From now on every upsert writes nothing and answers that the stack does not exist
    /// (`.summaryStale(nil)`), as if other writers kept moving it on.
    func answerEveryUpsertStale() { alwaysStale.store(true, ordering: .relaxed) }

    /// How often the service sent a write.
    var upsertCount: Int { upserts.load(ordering: .relaxed) }

    /// How often the service read a stack's current revision.
    var currentRevisionReadCount: Int { currentRevisionReads.load(ordering: .relaxed) }

    private func check() throws(StoreError) {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    func checkReady() async throws(StoreError) {
        try check()
        try await base.checkReady()
    }

    func stack(namespace: String, name: String) async throws(StoreError) -> StoredStack? {
        try check()
        return try await base.stack(namespace: namespace, name: name)
    }

    func currentRevision(namespace: String, name: String) async throws(StoreError) -> StoredRevision? {
        try check()
        currentRevisionReads.add(1, ordering: .relaxed)
        return try await base.currentRevision(namespace: namespace, name: name)
    }

    func upsert(_ write: StackWrite) async throws(StoreError) -> UpsertOutcome {
        try check()
        upserts.add(1, ordering: .relaxed)
        if alwaysStale.load(ordering: .relaxed) { return .summaryStale(nil) }
        return try await base.upsert(write)
    }

    func delete(
        namespace: String, name: String, precondition: WritePrecondition, author: String
    ) async throws(StoreError) -> DeleteOutcome {
        try check()
        return try await base.delete(namespace: namespace, name: name, precondition: precondition, author: author)
    }

    func deletions(namespace: String, name: String) async throws(StoreError) -> [StackDeletion] {
        try check()
        return try await base.deletions(namespace: namespace, name: name)
    }

    func listStacks(namespace: String?, limit: Int, cursor: String?) async throws(StoreError) -> Page<StackSummary> {
        try check()
        return try await base.listStacks(namespace: namespace, limit: limit, cursor: cursor)
    }

    func listStacks(namespaces: Set<String>, limit: Int, cursor: String?) async throws(StoreError) -> Page<StackSummary> {
        try check()
        return try await base.listStacks(namespaces: namespaces, limit: limit, cursor: cursor)
    }

    func revisions(
        namespace: String, name: String, filter: RevisionFilter, limit: Int, cursor: String?
    ) async throws(StoreError) -> Page<RevisionSummary>? {
        try check()
        return try await base.revisions(namespace: namespace, name: name, filter: filter, limit: limit, cursor: cursor)
    }

    func revision(
        namespace: String, name: String, number: Int, documents: RevisionDocuments
    ) async throws(StoreError) -> StoredRevision? {
        try check()
        return try await base.revision(namespace: namespace, name: name, number: number, documents: documents)
    }

    func latestRevision(namespace: String, name: String) async throws(StoreError) -> StoredRevision? {
        try check()
        return try await base.latestRevision(namespace: namespace, name: name)
    }

    func close() { base.close() }
}
