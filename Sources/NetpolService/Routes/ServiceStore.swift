import PolicyStore

/// The ``StackStore`` as route handlers call it: stacks named by their ``StackPath``, failures
/// as ``ServiceError/store(_:)`` (mapped to problem+json with the other errors).
struct ServiceStore: Sendable {
    let base: any StackStore
    /// `base.isShared`, read once (a property of the kind of store): the cached policies read it
    /// on every request, and reading it through the existential copies the store reference.
    let isShared: Bool

    init(base: any StackStore) {
        self.base = base
        isShared = base.isShared
    }

    /// Runs one store call, its failure as ``ServiceError/store(_:)``.
    private func call<Value>(_ body: () async throws(StoreError) -> Value) async throws(ServiceError) -> Value {
        do throws(StoreError) { return try await body() } catch { throw .store(error) }
    }

    /// See ``StackStore/checkReady()``.
    func checkReady() async throws(StoreError) { try await base.checkReady() }

    /// The live stack; nil when it never existed or was deleted.
    func stack(_ stack: StackPath) async throws(ServiceError) -> StoredStack? {
        try await call { () async throws(StoreError) in try await base.stack(namespace: stack.namespace, name: stack.name) }
    }

    /// The live stack's current revision; nil when it never existed or was deleted.
    func currentRevision(_ stack: StackPath) async throws(ServiceError) -> StoredRevision? {
        try await call { () async throws(StoreError) in
            try await base.currentRevision(namespace: stack.namespace, name: stack.name)
        }
    }

    /// The number of the live stack's current revision (one indexed read).
    func currentRevisionNumber(_ stack: StackPath) async throws(ServiceError) -> Int? {
        try await call { () async throws(StoreError) in
            try await base.currentRevisionNumber(namespace: stack.namespace, name: stack.name)
        }
    }

    /// Revision `number` (also after deletion) with `documents` (the others empty); nil when
    /// there is none.
    func revision(
        _ stack: StackPath, _ number: Int, documents: RevisionDocuments = .all
    ) async throws(ServiceError) -> StoredRevision? {
        try await call { () async throws(StoreError) in
            try await base.revision(namespace: stack.namespace, name: stack.name, number: number, documents: documents)
        }
    }

    /// The newest revision, also after deletion; nil when the stack never existed.
    func latestRevision(_ stack: StackPath) async throws(ServiceError) -> StoredRevision? {
        try await call { () async throws(StoreError) in
            try await base.latestRevision(namespace: stack.namespace, name: stack.name)
        }
    }

    /// See ``StackStore/upsert(_:attempts:summarise:)``: never `summaryStale`; 503 after
    /// `attempts` stale answers.
    func upsert(
        _ write: StackWrite, attempts: Int, summarise: (PreviousRevision?) -> String
    ) async throws(ServiceError) -> UpsertOutcome {
        try await call { () async throws(StoreError) in
            try await base.upsert(write, attempts: attempts, summarise: summarise)
        }
    }

    /// See ``StackStore/delete(namespace:name:precondition:author:)``.
    func delete(_ stack: StackPath, precondition: WritePrecondition, author: String) async throws(ServiceError)
        -> DeleteOutcome
    {
        try await call { () async throws(StoreError) in
            try await base.delete(namespace: stack.namespace, name: stack.name, precondition: precondition, author: author)
        }
    }

    /// The stack's deletions, newest first.
    func deletions(_ stack: StackPath) async throws(ServiceError) -> [StackDeletion] {
        try await call { () async throws(StoreError) in try await base.deletions(namespace: stack.namespace, name: stack.name) }
    }

    /// Live stacks in one namespace, in all (`nil`), or in those of `readable` when given.
    func listStacks(
        namespace: String?, readable: Set<String>?, limit: Int, cursor: String?
    ) async throws(ServiceError) -> Page<StackSummary> {
        try await call { () async throws(StoreError) in
            if let readable { return try await base.listStacks(namespaces: readable, limit: limit, cursor: cursor) }
            return try await base.listStacks(namespace: namespace, limit: limit, cursor: cursor)
        }
    }

    /// The stack's revision history, newest first; nil when it never existed.
    func revisions(
        _ stack: StackPath, filter: RevisionFilter, limit: Int, cursor: String?
    ) async throws(ServiceError) -> Page<RevisionSummary>? {
        try await call { () async throws(StoreError) in
            try await base.revisions(namespace: stack.namespace, name: stack.name, filter: filter, limit: limit, cursor: cursor)
        }
    }
}
