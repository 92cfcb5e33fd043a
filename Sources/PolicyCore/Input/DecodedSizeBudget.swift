/// Counts the decoded size of an input against `InputLimits.maxDecodedBytes`: the UTF-8 bytes of
/// every mapping key and scalar (at least one byte each), plus one byte per list or map, with YAML
/// aliases counted every time they are expanded.
struct DecodedSizeBudget {
    let limit: Int
    /// Bytes counted so far.
    private(set) var used = 0

    init(limit: Int = InputLimits.maxDecodedBytes) { self.limit = limit }

    /// What one scalar or key of `byteCount` UTF-8 bytes counts.
    @inline(__always) static func cost(ofScalarBytes byteCount: Int) -> Int { max(byteCount, 1) }
    /// What one list or map counts, beside its contents.
    static let collectionCost = 1

    /// Adds `bytes`; false once the total is past the limit.
    @inline(__always) mutating func spend(_ bytes: Int) -> Bool {
        used += bytes
        return used <= limit
    }

    /// The message of the `.tooLarge` error.
    var exceededMessage: String {
        "the decoded input is larger than \(limit) bytes (the bytes of every key and scalar, "
            + "YAML aliases counted each time they are used)"
    }

    /// Where `path` (inside a document) is in the envelope form (spec §8), told by the document's
    /// top-level members decoded so far: an envelope (`lokistack` member) or a document whose
    /// `kind` is not yet known stays as it is; a LokiStack is under `/lokistack`, a RulerConfig
    /// under `/rulerConfig`, a Service under `/objectStorage/service`, the `n`th EndpointSlice
    /// under `/objectStorage/endpointSlices/n`, and a Secret is `/objectStorage` (it has no
    /// place of its own in the envelope).
    static func envelopePlace(
        of path: FieldPath, topLevel: [(key: String, value: JSONValue)], endpointSliceIndex: Int
    ) -> FieldPath {
        if topLevel.contains(where: { $0.key == "lokistack" }) { return path }
        guard case .string(let kind)? = topLevel.first(where: { $0.key == "kind" })?.value else { return path }
        switch kind {
        case "LokiStack": return FieldPath("lokistack").appending(path)
        case "RulerConfig": return FieldPath("rulerConfig").appending(path)
        case "Secret": return FieldPath("objectStorage")
        case "Service": return FieldPath("objectStorage", "service").appending(path)
        case "EndpointSlice": return FieldPath("objectStorage", "endpointSlices").index(endpointSliceIndex).appending(path)
        default: return path
        }
    }

    /// The `.tooLarge` error at `path`, inside YAML stream document `document` (nil for JSON).
    func exceeded(at path: FieldPath, document: Int?) -> InputError {
        var message = exceededMessage
        if let document { message += " (in YAML document \(document + 1))" }
        return InputError([FieldIssue(pointer: path.pointer, message: message)], kind: .tooLarge)
    }
}
