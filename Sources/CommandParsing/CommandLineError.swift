/// A command line refused by ``CommandLineParser``: why, and the command whose usage to show.
public struct CommandLineError: Error {
    public let usage: UsageError
    /// The commands selected before the problem was found.
    public let path: CommandPath
}
