/// Where an option's value came from: how a message about an invalid one names it.
public enum ValueSource: Equatable, Sendable, CustomStringConvertible {
    /// The command line: the option's long name (`--output`).
    case option(String)
    /// The environment: the variable's name.
    case environment(String)

    public var description: String {
        switch self {
        case .option(let name): "'\(name)'"
        case .environment(let variable): "the environment variable \(variable)"
        }
    }
}
