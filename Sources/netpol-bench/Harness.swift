#if canImport(Glibc)
import Glibc
#endif

/// Times benchmark cases: calibrates the iteration count to about `target` seconds,
/// repeats the measurement `rounds` times and reports the fastest round (least disturbed
/// by other processes on the core).
struct Harness {
    var target = 0.4
    var rounds = 5

    struct Measurement {
        let name: String
        let summary: String
        let nanosecondsPerOperation: Double
        var operationsPerSecond: Double { 1e9 / nanosecondsPerOperation }
    }

    func measure(_ bench: BenchCase) -> (Measurement, checksum: Int) {
        var checksum = bench.run(10)  // warm-up
        var iterations = 16
        while true {
            let start = Harness.now()
            checksum &+= bench.run(iterations)
            let elapsed = Harness.now() - start
            if elapsed >= target / 4 {
                iterations = max(1, Int(Double(iterations) * target / elapsed))
                break
            }
            iterations *= 4
        }
        var best = Double.infinity
        for _ in 0..<rounds {
            let start = Harness.now()
            checksum &+= bench.run(iterations)
            best = min(best, (Harness.now() - start) / Double(iterations))
        }
        return (Measurement(name: bench.name, summary: bench.summary, nanosecondsPerOperation: best * 1e9), checksum)
    }

    /// Monotonic seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
