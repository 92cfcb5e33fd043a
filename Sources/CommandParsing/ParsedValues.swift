/// The values a command line gave one command's parameters, with the environment they fall
/// back to. A command reads each of its parameters once, typed by its declaration; an invalid
/// value is reported then, naming the option or the environment variable.
public struct ParsedValues {
    /// The process's environment (`NAME` → value) the options fall back to.
    public let environment: [String: String]
    /// The texts given to each option and list option (long name → texts, in order).
    private var texts: [String: [String]] = [:]
    /// The last state given to each flag and invertible flag (long name → on or off).
    private var switches: [String: Bool] = [:]
    /// The word of each positional argument (name → word).
    private var positionals: [String: String] = [:]

    /// Parses `words` (the command line after the command's name) against `spec`.
    init(parsing words: [String], spec: CommandSpec, environment: [String: String]) throws(UsageError) {
        self.environment = environment
        var loose: [String] = []
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || !Self.isOption(word) {
                loose.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            var written = word
            var inline: String?
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                written = String(word[..<equals])
                inline = String(word[word.index(after: equals)...])
            }
            guard let (parameter, state) = spec.parameter(named: written) else { throw .unknownOption(written) }
            switch parameter.kind {
            case .flag, .invertibleFlag:
                if let inline { throw .unexpectedValue(flag: written, value: inline) }
                switches[parameter.name] = state
            case .option, .list:
                if let inline {
                    texts[parameter.name, default: []].append(inline)
                } else {
                    guard index < words.count, !Self.isOption(words[index]) else { throw .missingValue(option: written) }
                    texts[parameter.name, default: []].append(words[index])
                    index += 1
                    if parameter.kind == .list(upToNextOption: true) {
                        while index < words.count, !Self.isOption(words[index]) {
                            texts[parameter.name, default: []].append(words[index])
                            index += 1
                        }
                    }
                }
            case .argument:
                preconditionFailure("parameter(named:) matches options and flags only")
            }
        }
        let arguments = spec.parameters.filter { $0.kind == .argument }
        if loose.count > arguments.count { throw .unexpectedArgument(loose[arguments.count]) }
        if loose.count < arguments.count { throw .missingArgument(arguments[loose.count].name) }
        for (argument, word) in zip(arguments, loose) { positionals[argument.name] = word }
    }

    /// Whether `word` is an option or a flag (or `--`): it starts with `-` and is not `-`
    /// alone (standard input, a value).
    private static func isOption(_ word: String) -> Bool {
        word.utf8.count > 1 && word.utf8.first == UInt8(ascii: "-")
    }

    /// The option's value: the last one the command line gave, else its environment
    /// variable's, else its default.
    public func value<Value>(of option: Option<Value>) throws(UsageError) -> Value {
        let name = option.spec.longName
        if let text = texts[option.spec.name]?.last {
            guard let value = option.convert(text) else {
                throw .invalidValue(.option(name), value: text, expected: option.expectation)
            }
            return value
        }
        if let (variable, text) = environmentText(of: option.spec) {
            guard let value = option.convert(text) else {
                throw .invalidValue(.environment(variable), value: text, expected: option.expectation)
            }
            return value
        }
        guard let value = option.defaultValue else { throw .missingOption(name) }
        return value
    }

    /// The list option's values: those the command line gave, else its environment variable's
    /// text as the one value, else its defaults.
    public func values<Value>(of option: ListOption<Value>) throws(UsageError) -> [Value] {
        let source: ValueSource
        let given: [String]
        if let texts = texts[option.spec.name] {
            (source, given) = (.option(option.spec.longName), texts)
        } else if let (variable, text) = environmentText(of: option.spec) {
            (source, given) = (.environment(variable), [text])
        } else {
            return option.defaultValues
        }
        var values: [Value] = []
        for text in given {
            guard let value = Value(argument: text) else {
                throw .invalidValue(source, value: text, expected: Value.expectation)
            }
            values.append(value)
        }
        return values
    }

    /// Whether the flag is on: given, or its environment variable is `1`, `true` or `yes`.
    public func value(of flag: Flag) -> Bool {
        if let state = switches[flag.spec.name] { return state }
        guard let (_, text) = environmentText(of: flag.spec) else { return false }
        return ["1", "true", "yes"].contains(text.lowercased())
    }

    /// The last of `--name` (true) and `--no-name` (false) given; nil when neither was.
    public func value(of flag: InvertibleFlag) -> Bool? {
        switches[flag.spec.name]
    }

    /// The positional argument's word.
    public func value(of argument: Argument) -> String {
        guard let word = positionals[argument.spec.name] else {
            preconditionFailure("\(argument.spec.name) is not an argument of the command parsed")
        }
        return word
    }

    /// Whether the command line itself gave the parameter (not its environment variable or default).
    public func isGiven(_ parameter: some Parameter) -> Bool {
        texts[parameter.spec.name] != nil || switches[parameter.spec.name] != nil
            || positionals[parameter.spec.name] != nil
    }

    /// The parameter's environment variable and its text, when it has one that is set and not empty.
    private func environmentText(of spec: ParameterSpec) -> (variable: String, text: String)? {
        guard let variable = spec.environment, let text = environment[variable], !text.isEmpty else { return nil }
        return (variable, text)
    }
}
