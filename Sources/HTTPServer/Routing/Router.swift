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
/// - Middleware wraps whichever handler answers (404, 405 and 400 included), outermost first;
///   the chain around each route's handler and around `notFound` is composed when they are
///   registered (or a middleware is added), not per request.
public struct Router: Sendable {
    /// Answers requests no route matches. Default: a plain-text 404.
    public var notFound: HTTPHandler {
        didSet { composedNotFound = compose(notFound) }
    }
    /// Answers a path that exists for other methods; must set `Allow`. Default: plain-text 405.
    public var methodNotAllowed: @Sendable (HTTPRequest, RequestContext, _ allowed: [HTTPMethod]) -> HandlerResult
    /// Answers a matched request whose path parameters or query cannot be percent-decoded
    /// (bad escape, NUL, not UTF-8). Default: plain-text 400.
    public var badRequest: @Sendable (HTTPRequest, RequestContext, _ reason: String) -> HandlerResult

    private var trie = RouteTrie()
    private var middlewares: [Middleware] = []
    /// `notFound` inside the middleware chain.
    private var composedNotFound: HTTPHandler

    public init() {
        let notFound: HTTPHandler = { _, _ in .response(.text(.notFound, "Not Found\n")) }
        self.notFound = notFound
        composedNotFound = notFound
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
        trie.insert(method, pattern, handler, composed: compose(handler))
    }

    /// Adds a middleware; the first added is the outermost.
    public mutating func use(_ middleware: @escaping Middleware) {
        middlewares.append(middleware)
        let chain = self
        trie.recompose { chain.compose($0) }
        composedNotFound = compose(notFound)
    }

    /// Resolve and run: HEAD falls back to GET (the server strips the body), 405 with Allow, 404.
    public func handle(_ request: HTTPRequest, context: consuming RequestContext) -> HandlerResult {
        switch route(request, context: &context) {
        case .endpoint(let endpoint):
            return endpoint.composed(request, consume context)
        case .notFound:
            return composedNotFound(request, consume context)
        case .methodNotAllowed(let allowed):
            // Error paths: their argument varies per request, so their chain is composed here.
            let methodNotAllowed = self.methodNotAllowed
            return compose { request, context in methodNotAllowed(request, context, allowed) }(request, consume context)
        case .badRequest(let reason):
            let badRequest = self.badRequest
            return compose { request, context in badRequest(request, context, reason) }(request, consume context)
        }
    }

    /// `handler` inside the middleware chain.
    private func compose(_ handler: @escaping HTTPHandler) -> HTTPHandler {
        var next = handler
        for middleware in middlewares.reversed() {
            let inner = next
            next = { request, context in middleware(request, context, inner) }
        }
        return next
    }

    /// What answers a request.
    private enum Route {
        /// A route's endpoint: its handler composed with the middleware (one reference, not the
        /// closure retained).
        case endpoint(RouteTrie.Endpoint)
        case notFound
        case methodNotAllowed([HTTPMethod])
        /// A parameter or the query could not be decoded.
        case badRequest(String)
    }

    /// What answers `request`, filling the context's route, parameters and query items.
    private func route(_ request: HTTPRequest, context: inout RequestContext) -> Route {
        PercentDecoding.withUTF8(request.path) { path in
            switch trie.resolve(request.method, path: path) {
            case .found(let endpoint):
                context.route = endpoint.pattern
                if !endpoint.parameterNames.isEmpty {
                    // Filled in place: a local copy assigned at the end would be copied whole.
                    context.parameters.reset(names: endpoint.parameterNames)
                    var failure: PercentDecoding.Failure?
                    endpoint.forEachParameter(in: path) { range in
                        switch PercentDecoding.decode(UnsafeBufferPointer(rebasing: path[range]), plusAsSpace: false) {
                        case .success(let value): context.parameters.append(value)
                        case .failure(let reason): failure = reason
                        }
                        return failure == nil
                    }
                    if let failure {
                        context.parameters = PathParameters()  // none, as for any failed match
                        return .badRequest(failure.reason)
                    }
                }
                if let query = request.query {
                    switch PercentDecoding.queryItems(query) {
                    case .success(let items): context.queryItems = items
                    case .failure(let failure): return .badRequest(failure.reason)
                    }
                }
                return .endpoint(endpoint)
            case .methodNotAllowed(let allowed, let pattern):
                context.route = pattern
                return .methodNotAllowed(allowed)
            case .notFound:
                return .notFound
            }
        }
    }
}
