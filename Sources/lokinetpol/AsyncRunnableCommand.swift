import CommandParsing

/// A subcommand whose work is async (`serve`), run by ``AsyncCommandRunner``.
protocol AsyncRunnableCommand: Command, Sendable {
    /// The command with `values` read and checked; a usage error when they do not fit.
    init(_ values: ParsedValues) throws(UsageError)
    /// Does the command's work; throws the exit status when it is not 0.
    func run() async throws(ExitCode)
}
