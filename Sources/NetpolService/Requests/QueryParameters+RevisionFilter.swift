import HTTPServer
import PolicyStore
import SystemSupport

extension QueryParameters {
    /// `author` (exact, 1–300 characters), `since` and `until` (RFC 3339, inclusive) of
    /// `GET …/revisions`.
    static func revisionFilter(_ context: RequestContext) throws(ServiceError) -> RevisionFilter {
        var filter = RevisionFilter()
        if let author = context.query("author") {
            guard (1...300).contains(author.count) else { throw .badRequest("author must be 1 to 300 characters") }
            filter.author = author
        }
        for name in ["since", "until"] {
            guard let text = context.query(name) else { continue }
            guard let milliseconds = RFC3339.milliseconds(text) else {
                throw .badRequest("\(name) must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z")
            }
            if name == "since" { filter.since = milliseconds } else { filter.until = milliseconds }
        }
        return filter
    }
}
