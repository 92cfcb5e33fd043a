import Foundation
import PolicyStore
import SystemSupport

/// Timing, statistics and payload helpers of the store benchmarks.
enum BenchSupport {
    /// Monotonic nanoseconds.
    static func nanoseconds() -> UInt64 { MonotonicClock.now() }

    /// `count` bytes of JSON-looking text, varied by `seed` so rows differ.
    static func payload(_ count: Int, seed: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 64)
        var index = 0
        while bytes.count < count {
            bytes += Array(#"{"name":"loki-allow-\#(seed)-\#(index)","port":\#(3100 + index % 7)},"#.utf8)
            index += 1
        }
        return Array(bytes.prefix(count))
    }

    /// "p50 … µs, p99 … µs, max … µs" of durations in nanoseconds.
    static func latencySummary(_ durations: [UInt64]) -> String {
        let sorted = durations.sorted()
        guard !sorted.isEmpty else { return "no samples" }
        func percentile(_ p: Int) -> String {
            let index = min(sorted.count - 1, sorted.count * p / 100)
            return String(format: "%.1f µs", Double(sorted[index]) / 1_000)
        }
        return "p50 \(percentile(50)), p99 \(percentile(99)), max \(String(format: "%.1f µs", Double(sorted[sorted.count - 1]) / 1_000)) (\(sorted.count) samples)"
    }

    /// A fresh, empty directory for one benchmark's database.
    static func freshDirectory(_ parent: String, _ name: String) throws -> String {
        let path = parent + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Inputs and policies to draw from, built once so that benchmarks measure
    /// the store rather than payload generation.
    private static let inputs = (0..<16).map { payload(1_024, seed: $0) }
    private static let policies = (0..<16).map { payload(6 * 1_024, seed: $0) }

    /// A stack write with a unique digest, `policyBytes` of policies and 1 KiB of inputs.
    static func write(
        namespace: String, name: String, sequence: Int, policyBytes: Int
    ) -> StackWrite {
        let variant = sequence % 16
        let policyJSON = policyBytes == 6 * 1_024 ? policies[variant] : payload(policyBytes, seed: sequence)
        return StackWrite(
            namespace: namespace, name: name, inputsJSON: inputs[variant],
            digest: "sha256:\(namespace)-\(name)-\(sequence)", policiesJSON: policyJSON,
            enabled: true, reason: "enabled", warningsJSON: Array("[]".utf8), generatorVersion: "bench",
            author: "bench", changeSummary: "after \(sequence)",
            summaryBasis: sequence == 0 ? .absent : .revision(digest: "sha256:\(namespace)-\(name)-\(sequence - 1)"))
    }

    /// Upserts `write`, summarising it again against the revision the store returns each time
    /// the guessed basis was stale (as the service does), at most `attempts` times.
    static func upsert(_ write: StackWrite, into store: any StackStore, attempts: Int = 1_000) async throws -> UpsertOutcome {
        try await store.upsert(write, attempts: attempts) { "after \($0?.number ?? 0)" }
    }
}
