/// A command of a command-line program: a subcommand with its parameters, or a group of
/// subcommands (the program itself, or one like `token` of `token new`). The program builds
/// and runs the command ``CommandLineParser`` selects, from its ``ParsedValues``.
public protocol Command: SendableMetatype {
    /// The command's name, help texts, parameters and subcommands.
    static var spec: CommandSpec { get }
}
