import PolicyStore

/// The ``StackStore`` as route handlers call it: stacks named by their ``StackPath``, failures
/// as ``ServiceError/store(_:)`` (mapped to problem+json with the other errors).
struct ServiceStore: Sendable {
    let base: any StackStore

    /// See ``StackStore/checkReady()``.
    func checkReady() async throws(StoreError) { try await base.checkReady() }

    /// The live stack; nil when it never existed or was deleted.
    func stack(_ stack: StackPath) async throws(ServiceError) -> StoredStack? {
        do throws(StoreError) { return try await base.stack(namespace: stack.namespace, name: stack.name) } catch {
            throw .store(error)
        }
    }

    /// The live stack's current revision; nil when it never existed or was deleted.
    func currentRevision(_ stack: StackPath) async throws(ServiceError) -> StoredRevision? {
        do throws(StoreError) { return try await base.currentRevision(namespace: stack.namespace, name: stack.name) } catch {
            throw .store(error)
        }
    }

    /// The number of the live stack's current revision (one indexed read).
    func currentRevisionNumber(_ stack: StackPath) async throws(ServiceError) -> Int? {
        do throws(StoreError) {
            return try await base.currentRevisionNumber(namespace: stack.namespace, name: stack.name)
        } catch {
            throw .store(error)
        }
    }

    /// Revision `number` (also after deletion); nil when there is none.
    func revision(_ stack: StackPath, _ number: Int) async throws(ServiceError) -> StoredRevision? {
        do throws(StoreError) {
            return try await base.revision(namespace: stack.namespace, name: stack.name, number: number)
        } catch {
            throw .store(error)
        }
    }

    /// The newest revision, also after deletion; nil when the stack never existed.
    func latestRevision(_ stack: StackPath) async throws(ServiceError) -> StoredRevision? {
        do throws(StoreError) { return try await base.latestRevision(namespace: stack.namespace, name: stack.name) } catch {
            throw .store(error)
        }
    }

    /// See ``StackStore/upsert(_:attempts:summarise:)``: never `summaryStale`; 503 after
    /// `attempts` stale answers.
    func upsert(
        _ write: StackWrite, attempts: Int, summarise: (PreviousRevision?) -> String
    ) async throws(ServiceError) -> UpsertOutcome {
        do throws(StoreError) { return try await base.upsert(write, attempts: attempts, summarise: summarise) } catch {
            throw .store(error)
        }
    }

    /// See ``StackStore/delete(namespace:name:precondition:author:)``.
    func delete(_ stack: StackPath, precondition: WritePrecondition, author: String) async throws(ServiceError)
        -> DeleteOutcome
    {
        do throws(StoreError) {
            return try await base.delete(
                namespace: stack.namespace, name: stack.name, precondition: precondition, author: author)
        } catch {
            throw .store(error)
        }
    }

    /// The stack's deletions, newest first.
    func deletions(_ stack: StackPath) async throws(ServiceError) -> [StackDeletion] {
        do throws(StoreError) { return try await base.deletions(namespace: stack.namespace, name: stack.name) } catch {
            throw .store(error)
        }
    }

    /// Live stacks in one namespace, in all (`nil`), or in those of `readable` when given.
    func listStacks(
        namespace: String?, readable: Set<String>?, limit: Int, cursor: String?
    ) async throws(ServiceError) -> Page<StackSummary> {
        do throws(StoreError) {
            if let readable { return try await base.listStacks(namespaces: readable, limit: limit, cursor: cursor) }
            return try await base.listStacks(namespace: namespace, limit: limit, cursor: cursor)
        } catch {
            throw .store(error)
        }
    }

    /// The stack's revision history, newest first; nil when it never existed.
    func revisions(
        _ stack: StackPath, filter: RevisionFilter, limit: Int, cursor: String?
    ) async throws(ServiceError) -> Page<RevisionSummary>? {
        do throws(StoreError) {
            return try await base.revisions(
                namespace: stack.namespace, name: stack.name, filter: filter, limit: limit, cursor: cursor)
        } catch {
            throw .store(error)
        }
    }
}
