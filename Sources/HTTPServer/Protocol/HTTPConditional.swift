/// Evaluation of the `If-None-Match` precondition (RFC 9110 §13.1.2) for reads. (`If-Match` on
/// writes is the service's to evaluate against its store, atomically with the write; the field
/// itself parses with ``EntityTagCondition``.)
///
/// Entity-tags are `[W/]"etagc*"`; several field lines combine into one list. A field value
/// that is not `*` nor a valid list of entity-tags is malformed: RFC 9110 leaves its handling
/// open, so the safe reading is taken — a malformed `If-None-Match` never matches (the request
/// proceeds as unconditional).
public enum HTTPConditional {
    /// True when the request's `If-None-Match` matches `etag` by weak comparison (or is `*`):
    /// the precondition *fails*, a GET/HEAD answers 304, other methods 412. False when absent.
    /// `etag` is the current representation's entity-tag, quoted (`"x"` or `W/"x"`).
    public static func ifNoneMatchMatches(_ request: HTTPRequest, etag: String) -> Bool {
        guard request.headers.contains("If-None-Match") else { return false }  // most reads: no list built
        switch EntityTagCondition(fieldValues: request.headers.values("If-None-Match")) {
        case .absent, .malformed:
            return false
        case .any:
            return true
        case .tags(let tags):
            guard let current = EntityTag(etag) else { return false }
            return tags.contains { $0.hasSameOpaqueTag(as: current) }
        }
    }
}
