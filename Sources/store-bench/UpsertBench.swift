import Foundation
import PolicyStore

/// The store's durable upsert rate: `writers` concurrent tasks, each on its own
/// stack, every write a new revision (6 KB policies, 1 KB inputs).
enum UpsertBench {
    static func run(directory: String, writers: Int, seconds: Double) async throws {
        let path = try BenchSupport.freshDirectory(directory, "upsert") + "/store.db"
        let store = try SQLiteStackStore(path: path)
        defer { store.close() }
        let deadline = BenchSupport.nanoseconds() + UInt64(seconds * 1e9)
        let start = BenchSupport.nanoseconds()
        let before = store.statistics
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var latencies: [UInt64] = []
                    var sequence = 0
                    while BenchSupport.nanoseconds() < deadline {
                        sequence += 1
                        let write = BenchSupport.write(
                            namespace: "bench", name: "stack-\(writer)", sequence: sequence, policyBytes: 6 * 1_024)
                        let began = BenchSupport.nanoseconds()
                        guard case .written(_, _, true) = try await BenchSupport.upsert(write, into: store) else {
                            throw BenchError("write \(sequence) of writer \(writer) created no revision")
                        }
                        latencies.append(BenchSupport.nanoseconds() - began)
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = Double(BenchSupport.nanoseconds() - start) / 1e9
        let after = store.statistics
        let transactions = after.committedTransactions - before.committedTransactions
        print(String(
            format: "upsert: %d writers, %d revisions in %.2f s = %.0f revisions/s; %d transactions (%.1f writes each)",
            writers, latencies.count, elapsed, Double(latencies.count) / elapsed, transactions,
            Double(latencies.count) / Double(max(transactions, 1))))
        print("upsert latency: \(BenchSupport.latencySummary(latencies))")
    }
}
