/// An option that takes one value: `--name VALUE`, `--name=VALUE` or `-n VALUE`. Given more
/// than once, the last one wins. When the command line does not give it, its environment
/// variable does (when set and not empty), else its default; without a default it is required.
/// An option that may be absent has an optional `Value` and the default `nil`.
public struct Option<Value: ArgumentValue>: Parameter {
    public let spec: ParameterSpec
    /// The value when neither the command line nor the environment gives one; nil: required.
    let defaultValue: Value?
    /// The value a text names, nil when it names none.
    let convert: @Sendable (String) -> Value?
    /// What a valid text is, for the message about an invalid one.
    let expectation: String

    /// A required option: a command line without it (and without its environment variable) is refused.
    public init(
        _ name: String, short: Character? = nil, valueName: String? = nil, help: String, environment: String? = nil
    ) {
        self.init(
            name, short: short, valueName: valueName, help: help, environment: environment, defaultValue: nil,
            convert: { Value(argument: $0) }, expectation: Value.expectation)
    }

    /// An option that is `default` when not given.
    public init(
        _ name: String, short: Character? = nil, valueName: String? = nil, help: String, environment: String? = nil,
        default: Value
    ) {
        self.init(
            name, short: short, valueName: valueName, help: help, environment: environment, defaultValue: `default`,
            convert: { Value(argument: $0) }, expectation: Value.expectation)
    }

    private init(
        _ name: String, short: Character?, valueName: String?, help: String, environment: String?, defaultValue: Value?,
        convert: @escaping @Sendable (String) -> Value?, expectation: String
    ) {
        spec = ParameterSpec(
            kind: .option, name: name, short: short, valueName: valueName, help: help, environment: environment,
            defaultText: defaultValue?.argumentText, allowedValues: Value.allowedValues,
            isRequired: defaultValue == nil)
        self.defaultValue = defaultValue
        self.convert = convert
        self.expectation = expectation
    }
}

extension Option where Value == Int {
    /// An integer option that must lie in `range`, whether the command line or the environment gives it.
    public init(
        _ name: String, valueName: String? = nil, help: String, environment: String? = nil, default: Int,
        range: ClosedRange<Int>
    ) {
        self.init(
            name, short: nil, valueName: valueName, help: help, environment: environment, defaultValue: `default`,
            convert: { Int($0).flatMap { range.contains($0) ? $0 : nil } },
            expectation: "an integer in \(range.lowerBound)...\(range.upperBound)")
    }
}
