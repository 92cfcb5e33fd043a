extension StackStore {
    /// The most attempts ``upsert(_:attempts:summarise:)`` makes by default.
    public static var defaultSummaryAttempts: Int { 32 }

    /// Upserts `write`, recomputing its change summary when the stack moved on.
    ///
    /// The write path is one-way: the store never calls back into the caller while it holds
    /// the write lock. The caller computes `write.changeSummary` against the state it assumes
    /// (`write.summaryBasis`); when the store finds another state, it writes nothing and
    /// returns the revision actually current, `summarise(previous)` computes the summary
    /// against it (outside any transaction) and the write is sent again. Each retry means
    /// another writer committed a revision of the same stack in between; queued writes are
    /// served in order, so with `k` writers on one stack at once none needs more than `k`.
    ///
    /// - Throws: ``StoreError/unavailable(_:)`` when `attempts` writes all found the stack
    ///   changed (sustained contention on one stack: retry later).
    public func upsert(
        _ write: StackWrite, attempts: Int = defaultSummaryAttempts,
        summarise: (PreviousRevision?) -> String
    ) async throws(StoreError) -> UpsertOutcome {
        var write = write
        for _ in 0..<max(1, attempts) {
            let outcome = try await upsert(write)
            guard case .summaryStale(let previous) = outcome else { return outcome }
            write.summaryBasis = SummaryBasis(previous)
            write.changeSummary = summarise(previous)
        }
        throw .unavailable(
            "\(write.namespace)/\(write.name) changed during each of \(max(1, attempts)) attempts to write it")
    }
}
