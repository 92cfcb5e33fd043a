// netpol-bench: release-build micro benchmarks of the generator core.
//
//   swift build -c release --product netpol-bench
//   taskset -c 1 .build/release/netpol-bench [filter]
//
// Prints, per case, the best and median ns/op over 25 rounds of ~50 ms and the ops/s of
// the best round, on one core; `filter` keeps the cases whose name contains it.
// With NETPOL_BENCH_ITERATIONS=N every case runs exactly N times in one round (for
// counting instructions per operation with `perf stat`, which load does not disturb).

#if canImport(Glibc)
import Glibc
#endif

let filter = CommandLine.arguments.dropFirst().first
var harness = Harness()
if let text = getenv("NETPOL_BENCH_ITERATIONS"), let n = Int(String(cString: text)), n > 0 {
    harness.fixedIterations = n
}
var checksum = 0
print(
    "case".padding(24) + "best ns/op".leftPadding(12) + "median".leftPadding(10) + "ops/s".leftPadding(10)
        + "  operation")
for bench in BenchCases.all where filter.map({ bench.name.contains($0) }) ?? true {
    let (m, sum) = harness.measure(bench)
    checksum &+= sum
    print(
        m.name.padding(24) + format(m.bestNanoseconds).leftPadding(12) + format(m.medianNanoseconds).leftPadding(10)
            + "\(Int(m.operationsPerSecond))".leftPadding(10) + "  " + m.summary)
}
print("(checksum \(checksum & 0xFFFF))")

/// Nanoseconds with one decimal.
func format(_ ns: Double) -> String {
    let tenths = Int((ns * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
