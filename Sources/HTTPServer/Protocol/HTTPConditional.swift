/// Evaluation of the `If-None-Match` and `If-Match` preconditions (RFC 9110 §13.1.1, §13.1.2).
///
/// Entity-tags are `[W/]"etagc*"`; several field lines combine into one list. A field value
/// that is not `*` nor a valid list of entity-tags is malformed: RFC 9110 leaves its handling
/// open, so the safe reading is taken — a malformed `If-None-Match` never matches (the request
/// proceeds as unconditional) and a malformed `If-Match` never passes (412: a client that asked
/// for a guarded write does not get an unguarded one).
public enum HTTPConditional {
    /// True when the request's `If-None-Match` matches `etag` by weak comparison (or is `*`):
    /// the precondition *fails*, a GET/HEAD answers 304, other methods 412. False when absent.
    /// `etag` is the current representation's entity-tag, quoted (`"x"` or `W/"x"`).
    public static func ifNoneMatchMatches(_ request: HTTPRequest, etag: String) -> Bool {
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

    /// True when the request's `If-Match` precondition passes: absent, `*` with a current
    /// resource, or a listed tag strongly equal to `currentETag`. False means 412.
    public static func ifMatchPasses(_ request: HTTPRequest, currentETag: String?) -> Bool {
        switch EntityTagCondition(fieldValues: request.headers.values("If-Match")) {
        case .absent:
            return true
        case .malformed:
            return false
        case .any:
            return currentETag != nil
        case .tags(let tags):
            guard let currentETag, let current = EntityTag(currentETag) else { return false }
            return tags.contains { $0.isStronglyEqual(to: current) }
        }
    }
}
