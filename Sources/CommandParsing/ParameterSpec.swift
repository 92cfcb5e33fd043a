/// A declared parameter as the parser and the help see it, whatever the type of its value.
public struct ParameterSpec: Sendable {
    /// How the parameter is written on the command line.
    enum Kind: Sendable, Equatable {
        /// `--name VALUE` or `--name=VALUE`: one value, the last one given wins.
        case option
        /// `--name VALUE`, repeatable, every value kept; with `upToNextOption`, also
        /// `--name VALUE VALUE …` up to the next word that starts with `-`.
        case list(upToNextOption: Bool)
        /// `--name`: on or off.
        case flag
        /// `--name` or `--no-name`: the last one given wins.
        case invertibleFlag
        /// A word in its place among the words that are not options.
        case argument
    }

    let kind: Kind
    /// The long name without its dashes, or a positional argument's name.
    let name: String
    /// The one-letter name (`-f`), if any.
    let short: Character?
    /// What the help calls the value (`--file <file>`).
    let valueName: String
    let help: String
    /// The environment variable read when the command line does not give the parameter.
    let environment: String?
    /// The default as text, for the help.
    let defaultText: String?
    /// Every valid value, for the help, when they are a closed set.
    let allowedValues: [String]
    /// Whether a command line without it is refused (an option without a default).
    let isRequired: Bool

    init(
        kind: Kind, name: String, short: Character? = nil, valueName: String? = nil, help: String,
        environment: String? = nil, defaultText: String? = nil, allowedValues: [String] = [], isRequired: Bool = false
    ) {
        self.kind = kind
        self.name = name
        self.short = short
        self.valueName = valueName ?? name
        self.help = help
        self.environment = environment
        self.defaultText = defaultText
        self.allowedValues = allowedValues
        self.isRequired = isRequired
    }

    /// `--name`, how messages name an option or flag.
    var longName: String { "--" + name }
}
