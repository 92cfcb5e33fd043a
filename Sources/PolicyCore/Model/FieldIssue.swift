/// A problem (error or warning) tied to one input field.
///
/// `pointer` is an RFC 6901 JSON Pointer into the envelope form of the input
/// (`/lokistack/spec/tenants/mode`), whatever form the input came in (spec §8).
public struct FieldIssue: Sendable, Hashable, Codable {
    public var pointer: String
    public var message: String
    /// The stable id of the lint rule behind a warning (`SupplementaryLint.Rule`); nil for
    /// every other issue. Written as `rule` only when present, so other issues keep their shape.
    public var rule: String?

    public init(pointer: String, message: String, rule: String? = nil) {
        self.pointer = pointer
        self.message = message
        self.rule = rule
    }
}

/// Input that cannot be rendered: every problem found, in input document order.
public struct InputError: Error, Sendable, Hashable {
    /// Why the input was refused: it could not be read at all, or it was read but is invalid.
    public enum Kind: Sendable, Hashable {
        /// The bytes are not a readable JSON/YAML document (bad UTF-8, syntax, depth or alias limit,
        /// duplicate keys): HTTP 400.
        case unparseable
        /// The document was read but its content is invalid (missing or wrong fields, a list
        /// longer than its `InputLimits` bound): HTTP 422.
        case invalid
        /// The decoded documents exceed `InputLimits.maxDecodedBytes` (YAML aliases counted at
        /// each expansion); the issue's pointer is where decoding stopped: HTTP 413.
        case tooLarge
    }

    /// The problems, at most `InputLimits.maxReportedIssues` of them in input document order; when
    /// more were found, one more issue (pointer `""`) says how many are not listed.
    public var issues: [FieldIssue]
    /// How many problems were found: `issues.count` unless the list was capped.
    public var problemCount: Int
    /// `.invalid` unless the decoder could not read the document.
    public var kind: Kind

    public init(_ issues: [FieldIssue]) {
        self.init(issues, kind: .invalid)
    }

    /// The first `InputLimits.maxReportedIssues` of `issues` (so that an error response is bounded
    /// whatever the input), then, if more were found, an issue saying how many are not listed.
    public init(_ issues: [FieldIssue], kind: Kind) {
        self.kind = kind
        self.problemCount = issues.count
        let kept = InputLimits.maxReportedIssues
        guard issues.count > kept else {
            self.issues = issues
            return
        }
        let more = issues.count - kept
        self.issues = Array(issues.prefix(kept)) + [
            FieldIssue(
                pointer: "",
                message: "\(more) more problem\(more == 1 ? " is" : "s are") not listed: at most \(kept) are reported")
        ]
    }
}
