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

    /// The `.tooLarge` error at `path`, inside YAML stream document `document` (nil for JSON).
    func exceeded(at path: FieldPath, document: Int?) -> InputError {
        var message = exceededMessage
        if let document { message += " (in YAML document \(document + 1))" }
        return InputError([FieldIssue(pointer: path.pointer, message: message)], kind: .tooLarge)
    }
}
