/// Bounds the decoders enforce on any input, so that no input can exhaust the stack or memory.
enum InputLimits {
    /// Deepest nesting of arrays/objects accepted in one document (JSON and YAML alike).
    static let maxDepth = 64
    /// How many values YAML aliases may add beyond the values written out (billion-laughs guard).
    static let maxAliasExpansion = 100_000
}
