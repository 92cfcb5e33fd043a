/// Maps method + path to handlers: a trie of path segments with `{param}` segments.
///
/// - Static segments win over a parameter at the same position; a parameter matches one
///   non-empty segment. Segments are compared raw (percent-encoded as sent).
/// - A trailing slash makes a different path (`/a/` does not match `/a`), and empty segments
///   (`//`) are not collapsed.
/// - HEAD falls back to the GET handler (the server strips the body); 405 lists the allowed
///   methods (sorted, HEAD where GET exists); no match → `notFound`.
/// - For a matched route the context gets `route`, the percent-decoded `parameters` and the
///   parsed `queryItems`; a parameter or query that cannot be decoded goes to `badRequest`.
/// - Middleware wraps whichever handler answers (404, 405 and 400 included), outermost first.
public struct Router: Sendable {
    /// Answers requests no route matches. Default: a plain-text 404.
    public var notFound: HTTPHandler
    /// Answers a path that exists for other methods; must set `Allow`. Default: plain-text 405.
    public var methodNotAllowed: @Sendable (HTTPRequest, RequestContext, _ allowed: [HTTPMethod]) -> HandlerResult
    /// Answers a matched request whose path parameters or query cannot be percent-decoded
    /// (bad escape, NUL, not UTF-8). Default: plain-text 400.
    public var badRequest: @Sendable (HTTPRequest, RequestContext, _ reason: String) -> HandlerResult

    private var trie = RouteTrie()
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

    /// Registers `handler` for `method` on `pattern` (e.g. `/v1/things/{id}`). Registering the
    /// same method on the same path shape again replaces the handler.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping HTTPHandler) {
        trie.insert(method, pattern, handler)
    }

    /// Adds a middleware; the first added is the outermost.
    public mutating func use(_ middleware: @escaping Middleware) {
        middlewares.append(middleware)
    }

    /// Resolve and run: HEAD falls back to GET (the server strips the body), 405 with Allow, 404.
    public func handle(_ request: HTTPRequest, context: RequestContext) -> HandlerResult {
        var context = context
        let handler: HTTPHandler
        switch trie.resolve(request.method, path: request.path) {
        case .found(let endpoint, let values):
            context.route = endpoint.pattern
            do throws(PercentDecoding.Failure) {
                var parameters: [String: String] = [:]
                for (name, value) in zip(endpoint.parameterNames, values) {
                    parameters[name] = try PercentDecoding.decode(value, plusAsSpace: false)
                }
                context.parameters = parameters
                context.queryItems = try request.query.map(PercentDecoding.queryItems) ?? []
                handler = endpoint.handler
            } catch {
                let badRequest = self.badRequest
                let reason = error.reason
                handler = { request, context in badRequest(request, context, reason) }
            }
        case .methodNotAllowed(let allowed, let pattern):
            context.route = pattern
            let methodNotAllowed = self.methodNotAllowed
            handler = { request, context in methodNotAllowed(request, context, allowed) }
        case .notFound:
            handler = notFound
        }
        var next = handler
        for middleware in middlewares.reversed() {
            let inner = next
            next = { request, context in middleware(request, context, inner) }
        }
        return next(request, context)
    }
}
