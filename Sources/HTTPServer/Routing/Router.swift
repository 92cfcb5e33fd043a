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
        switch route(request, context: &context) {
        case .success(let found):
            handler = found
        case .failure(let failure):
            let badRequest = self.badRequest
            handler = { request, context in badRequest(request, context, failure.reason) }
        }
        var next = handler
        for middleware in middlewares.reversed() {
            let inner = next
            next = { request, context in middleware(request, context, inner) }
        }
        return next(request, context)
    }

    /// The handler for `request`, filling the context's route, parameters and query items.
    private func route(
        _ request: HTTPRequest, context: inout RequestContext
    ) -> Result<HTTPHandler, PercentDecoding.Failure> {
        PercentDecoding.withUTF8(request.path) { path in
            switch trie.resolve(request.method, path: path) {
            case .found(let endpoint, let ranges):
                context.route = endpoint.pattern
                var parameters: [String: String] = [:]
                parameters.reserveCapacity(ranges.count)
                for (name, range) in zip(endpoint.parameterNames, ranges) {
                    switch PercentDecoding.decode(UnsafeBufferPointer(rebasing: path[range]), plusAsSpace: false) {
                    case .success(let value): parameters[name] = value
                    case .failure(let failure): return .failure(failure)
                    }
                }
                context.parameters = parameters
                if let query = request.query {
                    switch PercentDecoding.queryItems(query) {
                    case .success(let items): context.queryItems = items
                    case .failure(let failure): return .failure(failure)
                    }
                }
                return .success(endpoint.handler)
            case .methodNotAllowed(let allowed, let pattern):
                context.route = pattern
                let methodNotAllowed = self.methodNotAllowed
                return .success { request, context in methodNotAllowed(request, context, allowed) }
            case .notFound:
                return .success(notFound)
            }
        }
    }
}
