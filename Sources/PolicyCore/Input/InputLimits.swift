/// Bounds the decoders enforce on any input, so that no input can exhaust the stack or memory.
enum InputLimits {
    /// Deepest nesting of arrays/objects accepted in one document (JSON and YAML alike).
    static let maxDepth = 64
    /// Deepest nesting accepted in a document `PolicyInput.decode` reads: a manifest is placed up
    /// to three levels down in the envelope (`/objectStorage/endpointSlices/N`), and every stored
    /// envelope must read back within `maxDepth`.
    static let maxDocumentDepth = maxDepth - 3
    /// How many values YAML aliases may add beyond the values written out (billion-laughs guard).
    static let maxAliasExpansion = 100_000
}
