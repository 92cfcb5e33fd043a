/// The exit status a command ends with. Thrown by a command that has already said why on
/// standard error (or, like `diff` finding differences, whose status is its answer).
struct ExitCode: Error, Equatable {
    let status: Int32

    init(_ status: Int32) {
        self.status = status
    }

    static let success = ExitCode(0)
    static let failure = ExitCode(1)
}
