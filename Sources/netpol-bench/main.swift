// netpol-bench: release-build micro benchmarks of the generator core.
//
//   swift build -c release --product netpol-bench
//   taskset -c 1 .build/release/netpol-bench [filter]
//
// Prints, per case, ns/op and ops/s on one core; `filter` keeps the cases whose name
// contains it.

let filter = CommandLine.arguments.dropFirst().first
let harness = Harness()
var checksum = 0
print("case".padding(28) + "ns/op".leftPadding(10) + "ops/s".leftPadding(12) + "  operation")
for bench in BenchCases.all where filter.map({ bench.name.contains($0) }) ?? true {
    let (m, sum) = harness.measure(bench)
    checksum &+= sum
    let ns = (m.nanosecondsPerOperation * 10).rounded() / 10
    print(
        m.name.padding(28) + "\(ns)".leftPadding(10) + "\(Int(m.operationsPerSecond))".leftPadding(12)
            + "  " + m.summary)
}
print("(checksum \(checksum & 0xFFFF))")

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
    func leftPadding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
