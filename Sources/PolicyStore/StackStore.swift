/// Persistence of stacks and their revision history, as the service sees it.
///
/// The store is the only layer that speaks SQL. Implementations must not leak
/// backend types or error codes through this protocol. The rules every backend
/// shares (when a revision is made, generations, entity tags, times, preconditions)
/// live in `StackRules`; a backend supplies statements and transactions
/// (`StackTransaction`).
///
/// Inputs, policies and warnings are canonical JSON bytes produced by the
/// service; the store never decodes them and gives back exactly the bytes written
/// (it stores the items of a list, object or array once each, by SHA-256:
/// `DocumentParts`). Timestamps (RFC 3339 UTC with
/// milliseconds and `Z`), entity tags and page cursors are produced by the store.
///
/// Every write is durable when its call returns: "acknowledged" means committed.
public protocol StackStore: Sendable {
    /// Succeeds when the database is usable (backs `GET /readyz`).
    func checkReady() async throws(StoreError)

    /// The live stack `namespace/name`; `nil` when it never existed or was deleted.
    func stack(namespace: String, name: String) async throws(StoreError) -> StoredStack?

    /// The current revision of the live stack `namespace/name` (backs `/policies`
    /// and `/flows`); `nil` when the stack never existed or was deleted.
    func currentRevision(namespace: String, name: String) async throws(StoreError) -> StoredRevision?

    /// Creates or replaces a stack, creating a revision when the policies' digest
    /// changed (always on the first write and on re-creation after deletion).
    ///
    /// The precondition is checked inside the write transaction against the
    /// stack's entity tag, so concurrent writers cannot both pass it. A revision is
    /// written only with a change summary computed against the revision that is
    /// current inside the transaction (else ``UpsertOutcome/summaryStale(_:)`` and nothing is
    /// written). The store takes no callback from the caller: a caller whose summary was stale
    /// computes it again against the returned ``PreviousRevision`` and writes again.
    func upsert(_ write: StackWrite) async throws(StoreError) -> UpsertOutcome

    /// Marks the stack deleted, recording `author` and the time (``StackDeletion``); its
    /// revision history stays readable and a later ``upsert(_:)`` re-creates it with numbering
    /// continuing after its last revision.
    func delete(
        namespace: String, name: String, precondition: WritePrecondition, author: String
    ) async throws(StoreError) -> DeleteOutcome

    /// Every deletion of the stack `namespace/name`, newest first (empty when it was never
    /// deleted or never existed).
    func deletions(namespace: String, name: String) async throws(StoreError) -> [StackDeletion]

    /// Live stacks ordered by `(namespace, name)`, in one namespace or in all when
    /// `namespace` is `nil`.
    ///
    /// - Parameters:
    ///   - limit: page size; callers validate 1...500, the store clamps to that range.
    ///   - cursor: `nextCursor` of the previous page of the same listing, or `nil`.
    /// - Throws: ``StoreError/badCursor`` for a cursor this listing did not produce.
    func listStacks(namespace: String?, limit: Int, cursor: String?) async throws(StoreError) -> Page<StackSummary>

    /// Live stacks ordered by `(namespace, name)` in any of `namespaces` (the namespaces a
    /// caller may read); cursors as for ``listStacks(namespace:limit:cursor:)`` with `nil`.
    func listStacks(namespaces: Set<String>, limit: Int, cursor: String?) async throws(StoreError) -> Page<StackSummary>

    /// The revision history of a stack, newest first, limited to the revisions `filter`
    /// selects; also after deletion.
    ///
    /// Cursors stay valid while new revisions arrive.
    /// - Returns: `nil` when the stack never existed.
    /// - Throws: ``StoreError/badCursor`` for a malformed cursor.
    func revisions(
        namespace: String, name: String, filter: RevisionFilter, limit: Int, cursor: String?
    ) async throws(StoreError) -> Page<RevisionSummary>?

    /// Revision `number` of a stack (also after deletion); `nil` when there is none. Only the
    /// documents in `documents` are read; the others are empty (`[]`).
    func revision(
        namespace: String, name: String, number: Int, documents: RevisionDocuments
    ) async throws(StoreError) -> StoredRevision?

    /// The newest revision of a stack, also after deletion; `nil` when it never existed.
    func latestRevision(namespace: String, name: String) async throws(StoreError) -> StoredRevision?

    /// Finishes queued operations and closes the connections; idempotent.
    func close()

    /// True when other processes write the same database (PostgreSQL replicas): caches must
    /// then confirm what they hold (``currentRevisionNumber(namespace:name:)``) before serving it.
    var isShared: Bool { get }

    /// The number of the live stack's current revision (one indexed read); `nil` when the
    /// stack does not exist or is deleted.
    func currentRevisionNumber(namespace: String, name: String) async throws(StoreError) -> Int?

    /// Connection-pool figures for metrics; `nil` for a store without a pool.
    var poolStatistics: PostgresPoolStatistics? { get }
}

extension StackStore {
    public var poolStatistics: PostgresPoolStatistics? { nil }

    public var isShared: Bool { false }

    public func currentRevisionNumber(namespace: String, name: String) async throws(StoreError) -> Int? {
        try await stack(namespace: namespace, name: name)?.current.number
    }
}

extension StackStore {
    /// Revision `number` of a stack with all its documents (also after deletion); `nil` when
    /// there is none.
    public func revision(namespace: String, name: String, number: Int) async throws(StoreError) -> StoredRevision? {
        try await revision(namespace: namespace, name: name, number: number, documents: .all)
    }

    /// The whole revision history of a stack, newest first (``RevisionFilter/all``).
    public func revisions(
        namespace: String, name: String, limit: Int, cursor: String?
    ) async throws(StoreError) -> Page<RevisionSummary>? {
        try await revisions(namespace: namespace, name: name, filter: .all, limit: limit, cursor: cursor)
    }

    /// Deletes as `anonymous` (no authentication configured).
    public func delete(
        namespace: String, name: String, precondition: WritePrecondition
    ) async throws(StoreError) -> DeleteOutcome {
        try await delete(namespace: namespace, name: name, precondition: precondition, author: "anonymous")
    }
}
