/// A flag with an explicit off: `--name` or `--no-name`, the last one given wins; nil when
/// neither is given (the command's own default applies).
public struct InvertibleFlag: Parameter {
    public let spec: ParameterSpec

    public init(_ name: String, help: String) {
        spec = ParameterSpec(kind: .invertibleFlag, name: name, help: help)
    }
}
