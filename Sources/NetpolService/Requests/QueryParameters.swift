import HTTPServer
import PolicyCore

/// Typed reading of the service's own query and path parameters. Every malformed value is a
/// `ProblemDetails` (400 for the query; 404 for a path segment that cannot name a resource).
enum QueryParameters {
    /// The default and the bounds of `limit`.
    static let defaultLimit = 50
    static let limitRange = 1...500

    /// `limit` (default 50) and `cursor` of a paginated listing.
    static func page(_ context: RequestContext) throws(ServiceError) -> (limit: Int, cursor: String?) {
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
    static func revisionNumber(_ context: RequestContext, _ name: String) throws(ServiceError) -> Int? {
        guard let text = context.query(name) else { return nil }
        guard let value = decimal(text) else {
            throw .badRequest("\(name) must be a revision number (0 = the empty set)")
        }
        return value
    }

    /// `view`: absent, or `flows` for the semantic flow diff.
    static func flowsView(_ context: RequestContext) throws(ServiceError) -> Bool {
        guard let view = context.query("view") else { return false }
        guard view == "flows" else { throw .badRequest("view must be flows") }
        return true
    }

    /// `strict` (PUT, plan, render): `true` turns lint warnings into a 422; absent or `false` does not.
    static func strict(_ context: RequestContext) throws(ServiceError) -> Bool {
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
