/// One benchmark: a name and a body that runs the measured operation `iterations` times
/// and returns a value derived from the results (so the work cannot be optimised away).
struct BenchCase: Sendable {
    /// Shown in the report and matched by the command-line filter.
    let name: String
    /// What one operation is, for the report.
    let summary: String
    /// Runs the operation `iterations` times.
    let run: @Sendable (_ iterations: Int) -> Int
}
