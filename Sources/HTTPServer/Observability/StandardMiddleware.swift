import Logging
import Synchronization
import SystemSupport

/// Middleware every service wants. Add them outermost first, `requestID` before the others:
/// `router.use(StandardMiddleware.requestID)`, `router.use(StandardMiddleware.accessLog(logger))`,
/// `router.use(StandardMiddleware.metrics(recorder))`.
public enum StandardMiddleware {
    /// Longest client-supplied `X-Request-Id` that is echoed.
    public static let maxRequestIDLength = 128

    /// Sets `context.requestID` to the request's `X-Request-Id` when it is a sane token
    /// (1…128 of `A-Z a-z 0-9 - _ . ~ : + / = @`), else keeps the id the server generated for
    /// the request (or generates one when the router runs without a server), and echoes it in
    /// the response's `X-Request-Id`.
    public static let requestID: Middleware = { request, context, next in
        var context = context
        adoptRequestID(request, &context)
        let id = context.requestID
        switch next(request, context) {
        case .response(var response):
            response.headers.set("X-Request-Id", id)
            return .response(response)
        case .deferred(let work):
            return .deferred {
                var response = await work()
                response.headers.set("X-Request-Id", id)
                return response
            }
        }
    }

    /// Logs one `info` line per answered request:
    /// `request_id=… method=GET path=/v1/x status=200 bytes=123 duration_ms=0.42`.
    public static func accessLog(_ logger: Logger) -> Middleware {
        accessLog { entry in
            let milliseconds = (Double(entry.durationNanoseconds) / 1e6 * 1000).rounded() / 1000
            logger.info(
                "request_id=\(entry.requestID) method=\(entry.method) path=\(entry.path) status=\(entry.status) bytes=\(entry.bytes) duration_ms=\(milliseconds)"
            )
        }
    }

    /// The log-sink hook: calls `write` once per answered request, after the response is
    /// ready, with what an access log holds. A service formats and buffers the line itself
    /// (e.g. JSON into a non-blocking sink) instead of going through swift-log per request.
    public static func accessLog(to write: @escaping @Sendable (AccessLogEntry) -> Void) -> Middleware {
        { request, context, next in
            let method = request.method
            let path = request.path
            let requestID = context.requestID
            let route = context.route
            let identity = context.identity
            let start = context.startNanoseconds
            @Sendable func log(_ response: HTTPResponse) {
                write(
                    AccessLogEntry(
                        requestID: requestID, method: method, path: path, route: route, identity: identity,
                        status: response.status.code, bytes: response.body.count,
                        durationNanoseconds: MonotonicClock.now() &- start))
            }
            switch next(request, context) {
            case .response(let response):
                log(response)
                return .response(response)
            case .deferred(let work):
                return .deferred {
                    let response = await work()
                    log(response)
                    return response
                }
            }
        }
    }

    /// Records every answered request in `recorder`: method, matched route pattern, status and
    /// the time since `context.startNanoseconds`.
    public static func metrics(_ recorder: HTTPServerMetrics) -> Middleware {
        { request, context, next in
            let method = request.method
            let route = context.route
            let start = context.startNanoseconds
            switch next(request, context) {
            case .response(let response):
                recorder.recordRequest(
                    method: method, route: route, status: response.status.code,
                    durationNanoseconds: MonotonicClock.now() &- start)
                return .response(response)
            case .deferred(let work):
                return .deferred {
                    let response = await work()
                    recorder.recordRequest(
                        method: method, route: route, status: response.status.code,
                        durationNanoseconds: MonotonicClock.now() &- start)
                    return response
                }
            }
        }
    }

    /// The request-id rule of ``requestID``, for a pipeline that echoes the id itself: sets
    /// `context.requestID` to the request's `X-Request-Id` when it is a sane token, else keeps
    /// the id the server generated (or generates one when the router runs without a server).
    public static func adoptRequestID(_ request: HTTPRequest, _ context: inout RequestContext) {
        if let supplied = request.headers["X-Request-Id"], isSaneRequestID(supplied) {
            context.requestID = supplied
        } else if context.requestID.isEmpty {
            context.requestID = fallbackIDs.withLock { $0.next() }
        }
    }

    /// True for 1…128 bytes of `A-Z a-z 0-9 - _ . ~ : + / = @`.
    public static func isSaneRequestID(_ value: String) -> Bool {
        let bytes = value.utf8
        guard !bytes.isEmpty, bytes.count <= maxRequestIDLength else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            default:
                return "-_.~:+/=@".utf8.contains(byte)
            }
        }
    }

    /// Ids for routers used without a server (the server hands each request an id of its loop).
    private static let fallbackIDs = Mutex(RequestIDGenerator())
}
