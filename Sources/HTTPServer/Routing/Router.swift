/// Maps method + path to handlers: a trie of path segments with `{param}` segments.
/// Static segments win over a parameter at the same position.
public struct Router: Sendable {
    /// Answers requests no route matches. Default: a plain-text 404.
    public var notFound: HTTPHandler
    /// Answers a path that exists for other methods; must set `Allow`. Default: plain-text 405.
    public var methodNotAllowed: @Sendable (HTTPRequest, RequestContext, _ allowed: [HTTPMethod]) -> HandlerResult
    /// Answers a request whose path parameters or query cannot be decoded. Default: plain-text 400.
    public var badRequest: @Sendable (HTTPRequest, RequestContext, _ reason: String) -> HandlerResult

    private var middlewares: [Middleware] = []

    public init() {
        notFound = { _, _ in .response(.text(.notFound, "Not Found\n")) }
        methodNotAllowed = { _, _, allowed in
            var response = HTTPResponse.text(.methodNotAllowed, "Method Not Allowed\n")
            response.headers.set("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            return .response(response)
        }
        badRequest = { _, _, reason in .response(.text(.badRequest, "Bad Request: \(reason)\n")) }
    }

    /// Registers `handler` for `method` on `pattern` (e.g. `/v1/things/{id}`).
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPHandler) {
    }

    /// Adds a middleware; the first added is the outermost.
    public mutating func use(_ middleware: @escaping Middleware) {
        middlewares.append(middleware)
    }

    /// Resolve and run: HEAD falls back to GET (the server strips the body), 405 with Allow, 404.
    public func handle(_ request: HTTPRequest, context: RequestContext) -> HandlerResult {
        notFound(request, context)
    }
}
