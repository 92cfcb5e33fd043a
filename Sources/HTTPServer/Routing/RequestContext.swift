/// Per-request data that travels with a request through middleware and handler.
public struct RequestContext: Sendable {
    /// Set by the request-id middleware.
    public var requestID: String
    /// The matched route pattern, e.g. `/v1/namespaces/{ns}/lokistacks/{name}`; nil when no route
    /// matched (404).
    public var route: String?
    /// Percent-decoded path parameters by name.
    public var parameters: [String: String]
    /// Query items, in order; percent-decoded, `+` read as space.
    public var queryItems: [(name: String, value: String)]
    /// Caller identity (authentication comes later).
    public var identity: String?
    /// Monotonic start time of the request, for latency.
    public var startNanoseconds: UInt64

    public init(
        requestID: String = "", route: String? = nil, parameters: [String: String] = [:],
        queryItems: [(name: String, value: String)] = [], identity: String? = nil,
        startNanoseconds: UInt64 = 0
    ) {
        self.requestID = requestID
        self.route = route
        self.parameters = parameters
        self.queryItems = queryItems
        self.identity = identity
        self.startNanoseconds = startNanoseconds
    }

    /// The value of the first query item named `name`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}
