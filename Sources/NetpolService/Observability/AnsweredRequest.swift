import HTTPServer

/// What the access log and the request metrics record of one answered request.
struct AnsweredRequest: Sendable {
    let method: HTTPMethod
    /// The request's path, without the query.
    let path: String
    let requestID: String
    /// The matched route pattern; nil when no route matched.
    let route: String?
    /// The authenticated caller as the access log names it; nil when anonymous.
    let identity: String?
    let status: Int
    /// The body's size (also for HEAD, whose body is not sent).
    let bytes: Int
    /// `MonotonicClock` times the request was taken up and answered.
    let startNanoseconds: UInt64
    let answeredNanoseconds: UInt64
    /// The route's label and counters resolved at registration; nil to look them up.
    let observation: RouteObservation?

    var durationNanoseconds: UInt64 { answeredNanoseconds &- startNanoseconds }
}
