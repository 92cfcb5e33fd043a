/// A required positional argument: the words that are not options fill a command's arguments
/// in the order it declares them (after `--`, every word is such a word).
public struct Argument: Parameter {
    public let spec: ParameterSpec

    public init(_ name: String, help: String) {
        spec = ParameterSpec(kind: .argument, name: name, help: help)
    }
}
