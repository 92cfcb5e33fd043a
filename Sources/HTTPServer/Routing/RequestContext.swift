/// Per-request data that travels with a request through middleware and handler.
public struct RequestContext: Sendable {
    /// Set by the request-id middleware.
    public var requestID: String
    /// The matched route pattern, e.g. `/v1/things/{id}`; nil when no route
    /// matched (404).
    public var route: String?
    /// Percent-decoded path parameters by name.
    public var parameters: PathParameters
    /// Query items, in order; percent-decoded, `+` read as space.
    public var queryItems: [(name: String, value: String)]
    /// Caller identity as recorded (e.g. as a revision's author), set by an authentication
    /// middleware; nil while the caller is not authenticated.
    public var identity: String?
    /// The connected peer's IP address as text (`192.0.2.1`, `2001:db8::1`); nil when unknown
    /// (routers used without a server, or a socket that is not IP).
    public var peerAddress: String?
    /// The subject (RFC 4514, e.g. `CN=portal,O=Example`) of the client's TLS certificate when
    /// the server verifies client certificates and the client sent one that verified.
    public var clientCertificateSubject: String?
    /// What an authentication middleware learned about the caller, for the middleware and
    /// handlers inside it (e.g. the principal, or why it was refused). Opaque to the server.
    public var authentication: (any Sendable)?
    /// Monotonic start time of the request, for latency.
    public var startNanoseconds: UInt64

    public init(
        requestID: String = "", route: String? = nil, parameters: PathParameters = PathParameters(),
        queryItems: [(name: String, value: String)] = [], identity: String? = nil,
        peerAddress: String? = nil, startNanoseconds: UInt64 = 0
    ) {
        self.requestID = requestID
        self.route = route
        self.parameters = parameters
        self.queryItems = queryItems
        self.identity = identity
        self.peerAddress = peerAddress
        self.startNanoseconds = startNanoseconds
    }

    /// The value of the first query item named `name`.
    public func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}
