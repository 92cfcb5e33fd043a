import Foundation
import PolicyStore

/// Read latency with a large history: `revision(n)` at random n and the first
/// page (50) of the history, one request at a time, after `revisions` revisions
/// of one stack were written (6 KB policies, 1 KB inputs each).
enum ReadBench {
    static func run(directory: String, revisions: Int, samples: Int) async throws {
        let path = try BenchSupport.freshDirectory(directory, "read") + "/store.db"
        let store = try SQLiteStackStore(path: path)
        defer { store.close() }

        let fillStart = BenchSupport.nanoseconds()
        let fillers = 64
        try await withThrowingTaskGroup(of: Void.self) { group in
            for filler in 0..<fillers {
                group.addTask {
                    for sequence in stride(from: filler, to: revisions, by: fillers) {
                        _ = try await BenchSupport.upsert(
                            BenchSupport.write(namespace: "bench", name: "history", sequence: sequence, policyBytes: 6 * 1_024),
                            into: store)
                    }
                }
            }
            try await group.waitForAll()
        }
        let fillSeconds = Double(BenchSupport.nanoseconds() - fillStart) / 1e9
        guard let latest = try await store.latestRevision(namespace: "bench", name: "history"),
            latest.summary.number == revisions
        else { throw BenchError("the history does not hold \(revisions) revisions") }
        print(String(format: "read: %d revisions written in %.1f s", revisions, fillSeconds))

        var generator = SystemRandomNumberGenerator()
        var single: [UInt64] = []
        for _ in 0..<samples {
            let number = Int.random(in: 1...revisions, using: &generator)
            let began = BenchSupport.nanoseconds()
            guard let revision = try await store.revision(namespace: "bench", name: "history", number: number),
                revision.policiesJSON.count == 6 * 1_024
            else { throw BenchError("revision \(number) missing") }
            single.append(BenchSupport.nanoseconds() - began)
        }
        print("revision(n): \(BenchSupport.latencySummary(single))")

        var firstPage: [UInt64] = []
        for _ in 0..<samples {
            let began = BenchSupport.nanoseconds()
            guard let page = try await store.revisions(namespace: "bench", name: "history", limit: 50, cursor: nil),
                page.items.count == 50
            else { throw BenchError("short first page") }
            firstPage.append(BenchSupport.nanoseconds() - began)
        }
        print("first history page (50): \(BenchSupport.latencySummary(firstPage))")

        var stack: [UInt64] = []
        for _ in 0..<samples {
            let began = BenchSupport.nanoseconds()
            guard try await store.stack(namespace: "bench", name: "history") != nil else { throw BenchError("no stack") }
            stack.append(BenchSupport.nanoseconds() - began)
        }
        print("stack(): \(BenchSupport.latencySummary(stack))")

        // Throughput of revision(n) with 16 concurrent callers on the reader pool.
        let concurrentStart = BenchSupport.nanoseconds()
        let perCaller = samples / 16
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    for _ in 0..<perCaller {
                        _ = try await store.revision(namespace: "bench", name: "history", number: Int.random(in: 1...revisions))
                    }
                }
            }
            try await group.waitForAll()
        }
        let concurrentSeconds = Double(BenchSupport.nanoseconds() - concurrentStart) / 1e9
        print(String(format: "revision(n), 16 concurrent callers: %.0f reads/s", Double(perCaller * 16) / concurrentSeconds))
    }
}
