import HTTPServer
import Logging
import PolicyCore
import PolicyStore
import Synchronization

/// The loki-netpol REST service: the routes of api.md over a ``StackStore``, assembled into
/// an HTTPServer `Router`.
///
/// Handlers that only compute from memory (render small inputs, cached policies, health)
/// answer inline on the event loop; everything that touches the database runs as
/// `.deferred` work off the loop.
public final class NetpolService: Sendable {
    /// Tunables of the service layer (the HTTP limits are the server's).
    public struct Configuration: Sendable {
        /// Bytes of current policies kept encoded in memory (JSON + YAML of each cached stack,
        /// about 15 KB for a typical stack), least recently used evicted first. Default 64 MiB.
        public var policyCacheBytes: Int = 64 << 20
        /// Bytes of policy sets kept typed by digest for change summaries (the previous
        /// revision's set), counted as their canonical JSON. Default 16 MiB.
        public var knownPolicySetBytes: Int = 16 << 20
        /// Bytes of the current-revision digests remembered per stack (about 170 bytes each).
        /// Default 1 MiB.
        public var revisionHeadBytes: Int = 1 << 20
        /// Request bodies up to this size are rendered on the event loop; larger ones off it.
        public var inlineBodyLimit: Int = 64 * 1024
        /// Tokens, `Host` rule, `/metrics` access, trusted proxies.
        public var security = SecurityConfiguration()

        public init() {}
    }

    let store: any StackStore
    let cache: PolicyCache
    let knownPolicies: KnownPolicySets
    let heads: RevisionHeads
    let logger: Logger
    let configuration: Configuration
    /// The service's own counters (revisions created, database errors).
    public let metrics: ServiceMetrics

    /// The JSON log destination the access log writes to directly (nil: through `logger`).
    let accessLogSink: LogSink?
    /// Set once a shutdown signal arrived: `/readyz` answers 503 from then on.
    let draining = Atomic<Bool>(false)

    /// Marks the service as draining: `/readyz` answers 503 (the load balancer stops sending)
    /// while requests are still served.
    public func beginDrain() {
        draining.store(true, ordering: .relaxed)
    }

    /// A service over `store`, logging to `logger`. With `accessLog` (the sink behind the
    /// process's ``JSONLogHandler``; give it only when `info` lines are enabled) the access
    /// log writes its lines to it directly instead of through swift-log. `logSink` (the same
    /// sink, at any level) has its dropped lines exported as `lokinetpol_log_lines_dropped_total`.
    public init(
        store: any StackStore, logger: Logger, accessLog: LogSink? = nil, logSink: LogSink? = nil,
        configuration: Configuration = Configuration()
    ) {
        self.store = store
        self.logger = logger
        accessLogSink = accessLog
        self.configuration = configuration
        cache = PolicyCache(budget: configuration.policyCacheBytes)
        knownPolicies = KnownPolicySets(budget: configuration.knownPolicySetBytes)
        heads = RevisionHeads(budget: configuration.revisionHeadBytes)
        metrics = ServiceMetrics(logSink: logSink ?? accessLog)
    }

    /// The caller recorded as a revision's author: the authenticated identity, `anonymous`
    /// while no authentication is configured.
    static func author(_ context: RequestContext) -> String {
        context.identity ?? "anonymous"
    }

    /// The router of every api.md route, behind the request-id, authentication, access-log,
    /// (when `serverMetrics` is given) metrics and authorization middleware; 404, 405 and
    /// undecodable paths or queries answer problem+json.
    public func makeRouter(serverMetrics: HTTPServerMetrics?) -> Router {
        var router = Router()
        let authenticator = Authenticator(configuration.security)
        router.use(StandardMiddleware.requestID)
        router.use(authenticator.authenticate)
        router.use(AccessLog.middleware(logger, sink: accessLogSink))
        if let serverMetrics { router.use(StandardMiddleware.metrics(serverMetrics)) }
        router.use(authenticator.authorize)
        router.notFound = { request, context in
            .response(
                ProblemDetails.notFound("no resource at \(request.path)")
                    .response(instance: request.target, requestID: context.requestID))
        }
        router.methodNotAllowed = { request, context, allowed in
            .response(
                ProblemDetails.methodNotAllowed(request.method, allowed: allowed)
                    .response(instance: request.target, requestID: context.requestID))
        }
        router.badRequest = { request, context, reason in
            .response(ProblemDetails.badRequest(reason).response(instance: request.target, requestID: context.requestID))
        }
        addRenderRoutes(to: &router)
        addStackRoutes(to: &router)
        addRevisionRoutes(to: &router)
        addRestoreRoutes(to: &router)
        addDiffRoutes(to: &router)
        addDriftRoutes(to: &router)
        addHealthRoutes(to: &router)
        addMetricsRoutes(to: &router, serverMetrics: serverMetrics)
        return router
    }

    /// The response the HTTP server sends before closing a connection whose request it could
    /// not parse (or that hit a limit): problem+json with the parser's reason.
    @Sendable
    public static func parseErrorResponse(_ error: HTTPParseError) -> HTTPResponse {
        ProblemDetails.httpError(error.status, detail: error.reason).response(instance: nil, requestID: nil)
    }

    // MARK: - Handler plumbing

    /// A handler body that either answers or fails with a problem.
    typealias Work = @Sendable () async throws(ProblemDetails) -> HTTPResponse

    /// Runs `work` off the event loop; a thrown problem becomes its problem+json response.
    func deferred(_ request: HTTPRequest, _ context: RequestContext, _ work: @escaping Work) -> HandlerResult {
        let target = request.target
        let requestID = context.requestID
        return .deferred {
            do throws(ProblemDetails) {
                return try await work()
            } catch {
                return error.response(instance: target, requestID: requestID)
            }
        }
    }

    /// Checks the request on the loop (`prepare`: negotiation, path and query parameters;
    /// a problem is answered at once), then runs `work` with the result off the loop.
    func deferred<Prepared: Sendable>(
        _ request: HTTPRequest, _ context: RequestContext, prepare: () throws(ProblemDetails) -> Prepared,
        _ work: @escaping @Sendable (Prepared) async throws(ProblemDetails) -> HTTPResponse
    ) -> HandlerResult {
        let prepared: Prepared
        do throws(ProblemDetails) {
            prepared = try prepare()
        } catch {
            return .response(error.response(instance: request.target, requestID: context.requestID))
        }
        return deferred(request, context) { () async throws(ProblemDetails) -> HTTPResponse in try await work(prepared) }
    }

    /// Runs `work` inline (memory-only work on the event loop).
    func inline(
        _ request: HTTPRequest, _ context: RequestContext, _ work: () throws(ProblemDetails) -> HTTPResponse
    ) -> HandlerResult {
        do throws(ProblemDetails) {
            return .response(try work())
        } catch {
            return .response(error.response(instance: request.target, requestID: context.requestID))
        }
    }

    /// Memory-only work (decode, render, encode).
    typealias ComputeWork = @Sendable () throws(ProblemDetails) -> HTTPResponse

    /// Runs memory-only `work` inline when the request body is small, else off the loop (a
    /// 1 MiB YAML stream must not stall the other connections of the loop).
    func compute(_ request: HTTPRequest, _ context: RequestContext, _ work: @escaping ComputeWork) -> HandlerResult {
        if request.body.count <= configuration.inlineBodyLimit { return inline(request, context, work) }
        return deferred(request, context) { () async throws(ProblemDetails) -> HTTPResponse in try work() }
    }

    /// The negotiated representation, or the 406 problem.
    static func negotiate(_ request: HTTPRequest, _ offers: [MediaType]) throws(ProblemDetails) -> MediaType {
        guard let type = ContentNegotiation.negotiate(request, offers: offers) else {
            throw .notAcceptable(offers: offers)
        }
        return type
    }

    /// A store call: its error becomes a problem (bad cursor → 400, unavailable → 503, corrupt
    /// or migration → 500 with the cause logged under the request id) and is counted.
    func database<T: Sendable>(
        _ context: RequestContext, _ operation: () async throws(StoreError) -> T
    ) async throws(ProblemDetails) -> T {
        do throws(StoreError) {
            return try await operation()
        } catch {
            switch error {
            case .badCursor:
                throw .badRequest("cursor is not valid for this listing")
            case .unavailable(let detail):
                metrics.recordDatabaseError()
                logger.error(
                    "database unavailable", metadata: ["requestId": "\(context.requestID)", "error": "\(detail)"])
                var problem = ProblemDetails.unavailable("the database is unavailable; retry later")
                problem.headers.add("Retry-After", "1")
                throw problem
            case .corrupt, .migration:
                metrics.recordDatabaseError()
                logger.error("database fault", metadata: ["requestId": "\(context.requestID)", "error": "\(error)"])
                throw .internalError(requestID: context.requestID)
            }
        }
    }

    /// A server fault that is not the client's doing: logged with the request id, answered 500.
    func fault(_ context: RequestContext, _ message: String) -> ProblemDetails {
        logger.error("internal error", metadata: ["requestId": "\(context.requestID)", "error": "\(message)"])
        return .internalError(requestID: context.requestID)
    }
}
