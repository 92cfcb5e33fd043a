/// Evaluation of the `If-None-Match` and `If-Match` preconditions (RFC 9110 §13.1.1, §13.1.2).
public enum HTTPConditional {
    /// True when the request's `If-None-Match` matches `etag` by weak comparison (or is `*`):
    /// the precondition *fails*, a GET/HEAD answers 304, other methods 412. False when absent.
    public static func ifNoneMatchMatches(_ request: HTTPRequest, etag: String) -> Bool {
        false
    }

    /// True when the request's `If-Match` precondition passes: absent, `*` with a current
    /// resource, or a listed tag strongly equal to `currentETag`. False means 412.
    public static func ifMatchPasses(_ request: HTTPRequest, currentETag: String?) -> Bool {
        true
    }
}
