/// The commands a command line selected, from the program (the root) to the chosen one.
public struct CommandPath: Sendable {
    /// Root first; never empty.
    public let commands: [any Command.Type]

    /// The path of the program alone.
    init(root: any Command.Type) {
        commands = [root]
    }

    private init(_ commands: [any Command.Type]) {
        self.commands = commands
    }

    /// The command selected: the last of the path.
    public var command: any Command.Type { commands[commands.count - 1] }

    /// The names of the path, as typed: `lokinetpol token new`.
    public var qualifiedName: String { commands.map { $0.spec.name }.joined(separator: " ") }

    /// The path one subcommand further.
    func appending(_ subcommand: any Command.Type) -> CommandPath {
        CommandPath(commands + [subcommand])
    }
}
