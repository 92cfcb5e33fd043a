#if canImport(Glibc)
import Glibc
import SystemSupport
#endif

/// Times benchmark cases: calibrates the iteration count so that one round takes about
/// `roundSeconds`, runs `rounds` rounds and reports the fastest (the round least disturbed
/// by other processes sharing the core) and the median.
struct Harness {
    var roundSeconds = 0.05
    var rounds = 25
    /// When set: no calibration, no warm-up, one round of exactly this many operations.
    var fixedIterations: Int?

    struct Measurement {
        let name: String
        let summary: String
        /// The fastest round.
        let bestNanoseconds: Double
        let medianNanoseconds: Double
        var operationsPerSecond: Double { 1e9 / bestNanoseconds }
    }

    func measure(_ bench: BenchCase) -> (Measurement, checksum: Int) {
        if let fixedIterations {
            let start = Harness.now()
            let checksum = bench.run(fixedIterations)
            let ns = (Harness.now() - start) / Double(fixedIterations) * 1e9
            return (Measurement(name: bench.name, summary: bench.summary, bestNanoseconds: ns, medianNanoseconds: ns), checksum)
        }
        var checksum = bench.run(10)  // warm-up
        var iterations = 16
        while true {
            let start = Harness.now()
            checksum &+= bench.run(iterations)
            let elapsed = Harness.now() - start
            if elapsed >= roundSeconds / 4 {
                iterations = max(1, Int(Double(iterations) * roundSeconds / elapsed))
                break
            }
            iterations *= 4
        }
        var perOperation: [Double] = []
        for _ in 0..<rounds {
            let start = Harness.now()
            checksum &+= bench.run(iterations)
            perOperation.append((Harness.now() - start) / Double(iterations) * 1e9)
        }
        perOperation.sort()
        let m = Measurement(
            name: bench.name, summary: bench.summary, bestNanoseconds: perOperation[0],
            medianNanoseconds: perOperation[perOperation.count / 2])
        return (m, checksum)
    }

    /// Monotonic seconds.
    static func now() -> Double { Double(MonotonicClock.now()) * 1e-9 }
}
