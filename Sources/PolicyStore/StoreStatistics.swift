/// Counters of the store's write path (for metrics, tests and benchmarks).
public struct StoreStatistics: Sendable, Hashable {
    /// Transactions committed (each holds one or more writes: group commit).
    public var committedTransactions = 0
    /// Writes committed, including writes that changed nothing.
    public var committedWrites = 0

    /// Creates a value from its fields (for stores and test doubles).
    public init(committedTransactions: Int = 0, committedWrites: Int = 0) {
        self.committedTransactions = committedTransactions
        self.committedWrites = committedWrites
    }
}
