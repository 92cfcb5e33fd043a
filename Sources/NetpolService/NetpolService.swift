import HTTPServer
import Logging
import PolicyCore
import PolicyStore
import Synchronization

/// The loki-netpol REST service: the routes of api.md over a ``StackStore``, assembled into
/// an HTTPServer `Router`.
///
/// Every route is a ``RouteHandler`` (one async shape, typed errors mapped to problem+json in
/// one place). A handler that answers from memory (render small inputs, cached policies,
/// health) answers on the event loop; its first store call takes it off the loop.
public final class NetpolService: Sendable {
    /// Tunables of the service layer (the HTTP limits are the server's).
    public struct Configuration: Sendable {
        /// Bytes of current policies kept encoded in memory (each cached stack's JSON, and its
        /// YAML once asked for: about 15 KB for a typical stack), least recently used evicted
        /// first. Default 64 MiB.
        public var policyCacheBytes: Int = 64 << 20
        /// Bytes of policy sets kept typed by digest for change summaries (the previous
        /// revision's set), counted as their canonical JSON. Default 16 MiB.
        public var knownPolicySetBytes: Int = 16 << 20
        /// Bytes of the current-revision digests remembered per stack (about 170 bytes each).
        /// Default 1 MiB.
        public var revisionHeadBytes: Int = 1 << 20
        /// Writes a PUT or restore sends at most while other writers keep moving the stack on
        /// (each answer of ``UpsertOutcome/summaryStale(_:)`` means one committed in between);
        /// after that many, 503 with `Retry-After`. Default 32.
        public var summaryAttempts: Int = 32
        /// Request bodies up to this size are rendered on the event loop; larger ones off it.
        public var inlineBodyLimit: Int = 64 * 1024
        /// Tokens, `Host` rule, `/metrics` access, trusted proxies.
        public var security = SecurityConfiguration()

        public init() {}
    }

    let store: ServiceStore
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
        self.store = ServiceStore(base: store)
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

    /// The router of every api.md route, each behind the ``RequestPipeline`` (request id,
    /// authentication, access log, metrics when `serverMetrics` is given, authorization),
    /// composed here once; 404, 405 and undecodable paths or queries answer problem+json.
    public func makeRouter(serverMetrics: HTTPServerMetrics?) -> Router {
        let pipeline = RequestPipeline(
            service: self, authenticator: Authenticator(configuration.security),
            recorder: RequestRecorder(
                accessLog: AccessLog(logger: logger, sink: accessLogSink), metrics: serverMetrics))
        var routes = RouteTable(pipeline: pipeline)
        routes.router.notFound = pipeline.fallback { request, _ throws(ServiceError) in
            throw .notFound("no resource at \(request.path)")
        }
        routes.router.methodNotAllowed = { request, context, allowed in
            pipeline.fallback { request, _ throws(ServiceError) in
                throw .problem(.methodNotAllowed(request.method, allowed: allowed))
            }(request, context)
        }
        routes.router.badRequest = { request, context, reason in
            pipeline.fallback { _, _ throws(ServiceError) in throw .badRequest(reason) }(request, context)
        }
        addRenderRoutes(to: &routes)
        addStackRoutes(to: &routes)
        addRevisionRoutes(to: &routes)
        addRestoreRoutes(to: &routes)
        addDiffRoutes(to: &routes)
        addDriftRoutes(to: &routes)
        addHealthRoutes(to: &routes)
        addMetricsRoutes(to: &routes, serverMetrics: serverMetrics)
        return routes.router
    }

    /// The response the HTTP server sends before closing a connection whose request it could
    /// not parse (or that hit a limit): problem+json with the parser's reason.
    @Sendable
    public static func parseErrorResponse(_ error: HTTPParseError) -> HTTPResponse {
        ProblemDetails.httpError(error.status, detail: error.reason).response(instance: nil, requestID: nil)
    }

    // MARK: - Handler helpers

    /// The negotiated representation, or the 406 problem.
    static func negotiate(_ request: HTTPRequest, _ offers: [MediaType]) throws(ServiceError) -> MediaType {
        guard let type = ContentNegotiation.negotiate(request, offers: offers) else {
            throw .problem(.notAcceptable(offers: offers))
        }
        return type
    }

    /// Continues off the event loop: for work that must not stall the loop's other connections
    /// (decoding and rendering a request body, before any store call takes the handler off it).
    static func leaveEventLoop() async {
        await Task.yield()
    }
}
