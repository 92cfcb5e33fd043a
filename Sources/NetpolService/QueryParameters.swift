import HTTPServer
import PolicyCore

/// Typed reading of the service's own query and path parameters. Every malformed value is a
/// `ProblemDetails` (400 for the query; 404 for a path segment that cannot name a resource).
enum QueryParameters {
    /// The default and the bounds of `limit`.
    static let defaultLimit = 50
    static let limitRange = 1...500

    /// `limit` (default 50) and `cursor` of a paginated listing.
    static func page(_ context: RequestContext) throws(ProblemDetails) -> (limit: Int, cursor: String?) {
        var limit = defaultLimit
        if let text = context.query("limit") {
            guard let value = decimal(text), limitRange.contains(value) else {
                throw .badRequest("limit must be an integer from 1 to 500")
            }
            limit = value
        }
        let cursor = context.query("cursor")
        if let cursor, cursor.isEmpty { throw .badRequest("cursor must not be empty") }
        return (limit, cursor)
    }

    /// An optional revision number query parameter (`from`, `to`): 0 or more.
    static func revisionNumber(_ context: RequestContext, _ name: String) throws(ProblemDetails) -> Int? {
        guard let text = context.query(name) else { return nil }
        guard let value = decimal(text) else {
            throw .badRequest("\(name) must be a revision number (0 = the empty set)")
        }
        return value
    }

    /// `view`: absent, or `flows` for the semantic flow diff.
    static func flowsView(_ context: RequestContext) throws(ProblemDetails) -> Bool {
        guard let view = context.query("view") else { return false }
        guard view == "flows" else { throw .badRequest("view must be flows") }
        return true
    }

    /// `strict` (PUT, plan, render): `true` turns lint warnings into a 422; absent or `false` does not.
    static func strict(_ context: RequestContext) throws(ProblemDetails) -> Bool {
        guard let text = context.query("strict") else { return false }
        switch text {
        case "true": return true
        case "false": return false
        default: throw .badRequest("strict must be true or false")
        }
    }

    /// A non-negative decimal integer of at most 16 digits (no sign, no spaces), nil otherwise.
    static func decimal(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= 16 else { return nil }
        var value = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

/// The stack a route's path names.
struct StackPath: Sendable, Hashable {
    var namespace: String
    var name: String

    /// The stack's URL path.
    var location: String { "/v1/namespaces/\(namespace)/lokistacks/\(name)" }

    /// `{ns}` and `{name}` of the context; nil when either is not a DNS-1123 label (no stack
    /// can have it).
    init?(_ context: RequestContext) {
        guard let namespace = context.parameters["ns"], let name = context.parameters["name"],
            StackPath.isDNSLabel(namespace), StackPath.isDNSLabel(name)
        else { return nil }
        self.namespace = namespace
        self.name = name
    }

    init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The stack of the path, or the 404 a read/delete route answers for an impossible name.
    static func required(_ context: RequestContext) throws(ProblemDetails) -> StackPath {
        guard let path = StackPath(context) else {
            throw .notFound("no such stack: namespace and name must be DNS-1123 labels")
        }
        return path
    }

    /// The stack a write (PUT) names: a path segment that is not a DNS-1123 label is the 422
    /// the input's metadata check would report at `/lokistack/metadata/…`, answered before
    /// preconditions and the body are looked at (api.md order of evaluation).
    static func forWrite(_ context: RequestContext) throws(ProblemDetails) -> StackPath {
        let path = StackPath(namespace: context.parameters["ns"] ?? "", name: context.parameters["name"] ?? "")
        var issues: [FieldIssue] = []
        for (field, value) in [("name", path.name), ("namespace", path.namespace)] where !isDNSLabel(value) {
            issues.append(
                FieldIssue(
                    pointer: "/lokistack/metadata/" + field,
                    message: "the request path's \(field) must be a DNS-1123 label (1-63 characters: lowercase "
                        + "letters, digits and '-', starting and ending with a letter or digit)"))
        }
        guard issues.isEmpty else { throw .invalidInput(InputError(issues)) }
        return path
    }

    /// A revision number path segment (1, 2, …); nil when it is not one (404).
    static func revisionNumber(_ context: RequestContext) throws(ProblemDetails) -> Int {
        guard let text = context.parameters["n"], let value = QueryParameters.decimal(text), value >= 1 else {
            throw .notFound("no such revision: revision numbers are 1, 2, 3, …")
        }
        return value
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, 1–63 bytes.
    static func isDNSLabel(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last, utf8.count <= 63 else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
        return isAlphanumeric(first) && isAlphanumeric(last)
            && utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }
}
