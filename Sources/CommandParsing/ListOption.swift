/// An option that may be given several times, each value kept in order: `--name A --name B`;
/// with `upToNextOption`, also `--name A B` (the values up to the next word that starts with
/// `-`). When the command line gives none, its environment variable's text (when set and not
/// empty) is the one value, else the default.
public struct ListOption<Value: ArgumentValue>: Parameter {
    public let spec: ParameterSpec
    /// The values when neither the command line nor the environment gives any.
    let defaultValues: [Value]

    public init(
        _ name: String, valueName: String? = nil, help: String, environment: String? = nil, default: [Value] = [],
        upToNextOption: Bool = false
    ) {
        let defaultText = `default`.compactMap(\.argumentText).joined(separator: " ")
        spec = ParameterSpec(
            kind: .list(upToNextOption: upToNextOption), name: name, valueName: valueName, help: help,
            environment: environment, defaultText: defaultText.isEmpty ? nil : defaultText,
            allowedValues: Value.allowedValues)
        defaultValues = `default`
    }
}
