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
        case .unknownOption(let option): "unknown option '\(Self.shown(option))'"
        case .unknownSubcommand(let word): "unknown subcommand '\(Self.shown(word))'"
        case .unexpectedArgument(let word): "unexpected argument '\(Self.shown(word))'"
        case .missingValue(let option): "missing value for '\(option)'"
        case .unexpectedValue(let flag, let value): "the flag '\(flag)' takes no value (got '\(Self.shown(value))')"
        case .invalidValue(let source, let value, let expected):
            "invalid value '\(Self.shown(value))' for \(source): expected \(expected)"
        case .missingArgument(let name): "missing argument <\(name)>"
        case .missingOption(let option): "missing option '\(option)'"
        case .invalid(let message): message
        }
    }

    /// A word of the command line as a message quotes it: a URL's user info (`scheme://user:password@`,
    /// e.g. a PostgreSQL URL given where no such argument goes) is replaced by `…`, because usage
    /// errors go to standard error, which a container's log collects.
    static func shown(_ word: String) -> String {
        let bytes = Array(word.utf8)
        guard let colon = bytes.indices.first(where: { bytes[$0...].starts(with: "://".utf8) }) else { return word }
        let authority = bytes[(colon + 3)...].prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        guard let at = authority.lastIndex(of: UInt8(ascii: "@")) else { return word }
        return String(decoding: bytes[..<(colon + 3)], as: UTF8.self) + "…" + String(decoding: bytes[at...], as: UTF8.self)
    }
}
