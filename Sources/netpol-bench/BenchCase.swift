/// One benchmark: a name and the measured operation, whose results are summed over the
/// iterations (so the work cannot be optimised away).
struct BenchCase: Sendable {
    /// Shown in the report and matched by the command-line filter.
    let name: String
    /// What one operation is, for the report.
    let summary: String
    /// One operation; returns a value derived from its result (a size, a count).
    let operation: @Sendable () -> Int

    init(name: String, summary: String, _ operation: @escaping @Sendable () -> Int) {
        self.name = name
        self.summary = summary
        self.operation = operation
    }

    /// Runs the operation `iterations` times; the sum of its values.
    func run(_ iterations: Int) -> Int {
        var sum = 0
        for _ in 0..<iterations { sum &+= operation() }
        return sum
    }
}
