import CommandParsing

/// A subcommand that runs synchronously: built from its parsed values, then run.
protocol RunnableCommand: Command {
    /// The command with `values` read and checked; a usage error when they do not fit.
    init(_ values: ParsedValues) throws(UsageError)
    /// Does the command's work; throws the exit status when it is not 0.
    func run() throws(ExitCode)
}
