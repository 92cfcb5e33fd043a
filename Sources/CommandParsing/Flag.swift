/// A flag: on when given (`--name`), or when its environment variable is `1`, `true` or `yes`
/// (in any case); off otherwise.
public struct Flag: Parameter {
    public let spec: ParameterSpec

    public init(_ name: String, help: String, environment: String? = nil) {
        spec = ParameterSpec(kind: .flag, name: name, help: help, environment: environment)
    }
}
