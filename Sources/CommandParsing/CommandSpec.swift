/// What a command declares: its name, its help texts, and either parameters (a command that
/// runs) or subcommands (a group: without a subcommand it shows its help).
public struct CommandSpec {
    /// The word that selects the command (the program's name for the root).
    public let name: String
    /// One line: the help's overview and the parent's list of subcommands.
    public let abstract: String
    /// Paragraphs after the overview in the command's help; each line is a paragraph to wrap.
    public let discussion: String
    let parameters: [ParameterSpec]
    let subcommands: [any Command.Type]

    public init(
        name: String, abstract: String, discussion: String = "", parameters: [any Parameter] = [],
        subcommands: [any Command.Type] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.parameters = parameters.map(\.spec)
        self.subcommands = subcommands
    }

    /// The option or flag `word` names (`--name`, `--no-name`, `-n`), with the state a flag
    /// takes from it (false for `--no-name`).
    func parameter(named word: String) -> (parameter: ParameterSpec, state: Bool)? {
        if word.hasPrefix("--") {
            let name = word.dropFirst(2)
            if let parameter = parameters.first(where: { $0.kind != .argument && $0.name == name }) {
                return (parameter, true)
            }
            if name.hasPrefix("no-"),
                let parameter = parameters.first(where: { $0.kind == .invertibleFlag && $0.name == name.dropFirst(3) })
            {
                return (parameter, false)
            }
            return nil
        }
        let letters = word.dropFirst()
        guard letters.count == 1, let parameter = parameters.first(where: { $0.short == letters.first }) else { return nil }
        return (parameter, true)
    }

    /// The subcommand `word` names.
    func subcommand(named word: String) -> (any Command.Type)? {
        subcommands.first { $0.spec.name == word }
    }
}
