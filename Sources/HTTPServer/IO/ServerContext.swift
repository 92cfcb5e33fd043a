import Logging

/// What every event loop of one server shares: read-only settings plus the thread-safe
/// router, metrics recorder and TLS context.
final class ServerContext: Sendable {
    let router: Router
    let logger: Logger
    let metrics: HTTPServerMetrics
    let tls: TLSContext?
    let limits: HTTPParserLimits
    let listenerFD: Int32
    let headerTimeout: UInt64
    let bodyTimeout: UInt64
    let idleTimeout: UInt64
    let sendTimeout: UInt64
    let handshakeTimeout: UInt64
    /// How long a closing connection's further input is read and discarded (so the client gets
    /// the final response instead of a reset).
    let lingerTimeout: UInt64
    /// The time source of the loops' `now`.
    let clock: HTTPServerClock
    let maxConnections: Int
    let maxPipelinedRequests: Int
    let errorResponse: @Sendable (HTTPParseError) -> HTTPResponse
    /// The `Server` field value as sent (empty: no field).
    let serverName: [UInt8]

    /// The router's answer to `request`. Called here, on the context that holds the router, so
    /// that the router is borrowed in place (a caller reaching it through `loop.server.router`
    /// copied it, retaining and releasing each of its closures and tables, per request).
    func respond(to request: HTTPRequest, context: consuming RequestContext) -> HandlerResult {
        router.handle(request, context: context)
    }

    /// Unsent bytes of one connection above which it is not read any further.
    static let outputHighWater = 256 * 1024
    /// Most bytes discarded while lingering before the connection is closed anyway.
    static let lingerDiscardLimit = 1 << 20
    /// How long a connection refused over the limit lingers after its 503: long enough for a
    /// request already on its way to be read away (so the 503 is not lost to a reset), short
    /// enough that refused connections do not pile up.
    static let rejectedLingerTimeout: UInt64 = 100_000_000

    init(
        configuration: HTTPServerConfiguration, router: Router, logger: Logger,
        metrics: HTTPServerMetrics, tls: TLSContext?, listenerFD: Int32
    ) {
        self.router = router
        self.logger = logger
        self.metrics = metrics
        self.tls = tls
        self.limits = configuration.limits
        self.listenerFD = listenerFD
        headerTimeout = configuration.headerReadTimeout.clampedNanoseconds
        bodyTimeout = configuration.bodyReadTimeout.clampedNanoseconds
        idleTimeout = configuration.idleTimeout.clampedNanoseconds
        sendTimeout = configuration.sendTimeout.clampedNanoseconds
        clock = configuration.clock
        handshakeTimeout = (configuration.tls?.handshakeTimeout ?? .seconds(10)).clampedNanoseconds
        lingerTimeout = min(2_000_000_000, configuration.idleTimeout.clampedNanoseconds)
        maxConnections = configuration.maxConnections
        maxPipelinedRequests = configuration.maxPipelinedRequests
        errorResponse = configuration.errorResponse
        serverName = configuration.serverName.map(HTTPServerConfiguration.fieldValueBytes) ?? []
    }
}
