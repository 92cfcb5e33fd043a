/// One answered request as `StandardMiddleware.accessLog(to:)` hands it to a log sink.
/// Request bodies and headers are not part of it (they may carry credentials).
public struct AccessLogEntry: Sendable {
    /// `RequestContext.requestID` (after `StandardMiddleware.requestID`, the echoed id).
    public var requestID: String
    /// The request method.
    public var method: HTTPMethod
    /// The request path, without the query.
    public var path: String
    /// The matched route pattern; nil when no route matched.
    public var route: String?
    /// `RequestContext.identity` as the middleware saw it.
    public var identity: String?
    /// The response's status code.
    public var status: Int
    /// Body bytes of the response.
    public var bytes: Int
    /// Time since `RequestContext.startNanoseconds` (monotonic, see `MonotonicClock`).
    public var durationNanoseconds: UInt64

    /// An entry with every member given.
    public init(
        requestID: String, method: HTTPMethod, path: String, route: String?, identity: String?, status: Int,
        bytes: Int, durationNanoseconds: UInt64
    ) {
        self.requestID = requestID
        self.method = method
        self.path = path
        self.route = route
        self.identity = identity
        self.status = status
        self.bytes = bytes
        self.durationNanoseconds = durationNanoseconds
    }

    /// The duration in milliseconds with exactly three decimals, truncated to the microsecond
    /// (`0.412`, `12.000`).
    public var durationMilliseconds: String {
        let micros = durationNanoseconds / 1000
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.utf8.count) + fraction
    }
}
