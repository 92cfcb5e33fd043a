/// A problem (error or warning) tied to one input field.
///
/// `pointer` is an RFC 6901 JSON Pointer into the envelope form of the input
/// (`/lokistack/spec/tenants/mode`), whatever form the input came in (spec §8).
public struct FieldIssue: Sendable, Hashable, Codable {
    public var pointer: String
    public var message: String

    public init(pointer: String, message: String) {
        self.pointer = pointer
        self.message = message
    }
}

/// Input that cannot be rendered: every problem found, in input document order.
public struct InputError: Error, Sendable, Hashable {
    public var issues: [FieldIssue]

    public init(_ issues: [FieldIssue]) { self.issues = issues }
}
