/// What a command line asks for.
public enum Invocation {
    /// The help of the path's command: `--help` or `-h`, `help [SUBCOMMAND…]`, or a group
    /// without its subcommand.
    case help(CommandPath)
    /// Running the path's command with these values.
    case run(CommandPath, ParsedValues)
}
