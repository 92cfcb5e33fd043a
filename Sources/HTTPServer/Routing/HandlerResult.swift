/// What a handler produces: a response computed inline, or work to run off the event loop.
public enum HandlerResult: Sendable {
    /// Computed inline on the event loop (memory-only work!).
    case response(HTTPResponse)
    /// Runs off-loop (e.g. database work); the event loop is not blocked.
    case deferred(@Sendable () async -> HTTPResponse)

    /// Applies `transform` to the eventual response (at once for `.response`, after the work for
    /// `.deferred`).
    public func map(_ transform: @escaping @Sendable (HTTPResponse) -> HTTPResponse) -> HandlerResult {
        switch self {
        case .response(let response):
            return .response(transform(response))
        case .deferred(let work):
            return .deferred { transform(await work()) }
        }
    }
}

/// A request handler. It owns the context (consuming): the chain hands one context from the
/// connection through the middleware to the handler, which may change it, without a copy.
public typealias HTTPHandler = @Sendable (HTTPRequest, consuming RequestContext) -> HandlerResult

/// Wraps a handler: gets the request, the context and the next handler in the chain.
public typealias Middleware = @Sendable (HTTPRequest, consuming RequestContext, HTTPHandler) -> HandlerResult
