/// A parsed HTTP/1.x request with its whole body.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The raw request-target as sent.
    public var target: String
    /// The raw (still percent-encoded) path of an origin-form target, or of an absolute-form
    /// target (`/` when it has none); `*` for `OPTIONS *`; the authority for `CONNECT`.
    public var path: String
    /// The raw (still percent-encoded) query: what follows the first `?`; nil without a `?`.
    public var query: String? {
        get { hasQuery ? queryText : nil }
        set {
            hasQuery = newValue != nil
            queryText = newValue ?? ""
        }
    }
    /// `query` as a String and a flag: with an optional String among its stored properties, the
    /// compiler copied (and destroyed) the whole request once more whenever one was built.
    private var queryText: String
    private var hasQuery: Bool
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Whether the connection stays open after this request: HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool

    /// Memberwise initialiser.
    public init(
        method: HTTPMethod, target: String, path: String, query: String?, version: HTTPVersion,
        headers: HTTPHeaders, body: [UInt8], keepAlive: Bool
    ) {
        self.method = method
        self.target = target
        self.path = path
        queryText = query ?? ""
        hasQuery = query != nil
        self.version = version
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
    }

    /// A request for `target` (origin form, e.g. `/a/b?x=1`), splitting path and query and
    /// deriving `keepAlive` from the version and the `Connection` header — handy for tests.
    public init(
        method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = [:], body: [UInt8] = []
    ) {
        let (path, query) = HTTPRequest.splitTarget(target)
        self.init(
            method: method, target: target, path: path, query: query, version: version,
            headers: headers, body: body,
            keepAlive: HTTPRequest.keepAlive(version: version, headers: headers))
    }

    /// Splits a target at the first `?`.
    static func splitTarget(_ target: String) -> (path: String, query: String?) {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, nil) }
        let path = String(target[..<mark])
        let query = String(target[target.utf8.index(after: mark)...])
        return (path, query)
    }

    /// Keep-alive rule of RFC 9112 §9.3 from the version and the `Connection` options.
    static func keepAlive(version: HTTPVersion, headers: HTTPHeaders) -> Bool {
        var close = false
        var keepAlive = false
        for value in headers.values("Connection") {
            for option in value.split(separator: ",") {
                let trimmed = String(option.trimmingOWS())
                if HTTPHeaders.equalsIgnoringCase(trimmed, "close") { close = true }
                if HTTPHeaders.equalsIgnoringCase(trimmed, "keep-alive") { keepAlive = true }
            }
        }
        if close { return false }
        if version == .http1_0 { return keepAlive }
        return true
    }
}
