extension StackStore {
    /// Upserts `write` as every caller must: while the store answers
    /// ``UpsertOutcome/summaryStale(_:)``, the write is summarised again against the revision
    /// returned — `summarise(previous)` sets ``StackWrite/changeSummary`` and the basis becomes
    /// that revision — and sent again, at most `attempts` times in all (at least once).
    ///
    /// `summarise` runs here, in the caller's task between two calls of ``upsert(_:)``, never
    /// inside the store's write transaction: the store calls nothing of its caller's.
    ///
    /// - Returns: ``UpsertOutcome/written(stack:created:revisionCreated:)`` or
    ///   ``UpsertOutcome/preconditionFailed``, never `summaryStale`.
    /// - Throws: the store's errors, and ``StoreError/unavailable(_:)`` when another writer
    ///   moved the stack on during each attempt (sustained contention).
    public func upsert(
        _ write: StackWrite, attempts: Int, summarise: (PreviousRevision?) -> String
    ) async throws(StoreError) -> UpsertOutcome {
        var write = write
        let attempts = max(1, attempts)
        for _ in 0..<attempts {
            let outcome = try await upsert(write)
            guard case .summaryStale(let previous) = outcome else { return outcome }
            write.summaryBasis = SummaryBasis(previous)
            write.changeSummary = summarise(previous)
        }
        throw .unavailable("\(write.namespace)/\(write.name) changed during each of \(attempts) attempts to write it")
    }
}
