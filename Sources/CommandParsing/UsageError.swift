/// Why a command line cannot be run as written. The CLI reports it with the command's usage
/// and exits with status 2.
public enum UsageError: Error, Equatable, CustomStringConvertible {
    /// An option or flag the command does not declare, as written (`--bogus`, `-x`).
    case unknownOption(String)
    /// A word naming no subcommand of a group.
    case unknownSubcommand(String)
    /// A word left over after every positional argument was filled.
    case unexpectedArgument(String)
    /// An option, as written, at the end of the command line or followed by another option.
    case missingValue(option: String)
    /// A flag, as written, given a value with `=`.
    case unexpectedValue(flag: String, value: String)
    /// A text that names no value of the option or environment variable it was given to.
    case invalidValue(ValueSource, value: String, expected: String)
    /// A positional argument not given (its name).
    case missingArgument(String)
    /// A required option not given (`--name`).
    case missingOption(String)
    /// A command's own rule about its values, broken; the message says which.
    case invalid(String)

    public var description: String {
        switch self {
        case .unknownOption(let option): "unknown option '\(option)'"
        case .unknownSubcommand(let word): "unknown subcommand '\(word)'"
        case .unexpectedArgument(let word): "unexpected argument '\(word)'"
        case .missingValue(let option): "missing value for '\(option)'"
        case .unexpectedValue(let flag, let value): "the flag '\(flag)' takes no value (got '\(value)')"
        case .invalidValue(let source, let value, let expected): "invalid value '\(value)' for \(source): expected \(expected)"
        case .missingArgument(let name): "missing argument <\(name)>"
        case .missingOption(let option): "missing option '\(option)'"
        case .invalid(let message): message
        }
    }
}
