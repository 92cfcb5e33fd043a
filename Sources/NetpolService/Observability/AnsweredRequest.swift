import HTTPServer

/// What the access log and the request metrics record of one answered request.
struct AnsweredRequest: Sendable {
    let method: HTTPMethod
    /// The request's path, without the query.
    let path: String
    /// The request's context as the pipeline left it: its id, matched route (nil when none
    /// matched), the caller's identity (nil when anonymous) and start time. Kept whole (moved
    /// here, not copied field by field), so that it is destroyed after the response is written.
    let context: RequestContext
    let status: Int
    /// The body's size (also for HEAD, whose body is not sent).
    let bytes: Int
    /// `MonotonicClock` time the request was answered.
    let answeredNanoseconds: UInt64
    /// The route's label and counters resolved at registration; nil to look them up.
    let observation: RouteObservation?

    var durationNanoseconds: UInt64 { answeredNanoseconds &- context.startNanoseconds }
}
