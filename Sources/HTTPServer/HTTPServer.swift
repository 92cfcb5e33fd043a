import CLinuxIO
import Glibc
import Logging
import Synchronization

/// An HTTP/1.1 server: one epoll event-loop thread per core over a shared listening socket,
/// keep-alive and pipelining, optional TLS, limits and timeouts, graceful shutdown.
///
/// ```swift
/// let server = try HTTPServer(configuration: config, router: router, logger: logger)
/// let port = try server.start()
/// await server.waitForShutdownSignal()   // SIGTERM / SIGINT → drain → return
/// ```
public final class HTTPServer: Sendable {
    private enum Phase {
        case created
        case running(loops: [EventLoop], listenerFD: Int32)
        case draining
        case stopped
    }

    private struct State {
        var phase = Phase.created
        var runningLoops = 0
        var listenerFD: Int32 = -1
        /// The loops started, until they all stopped (woken when a manual clock moves).
        var startedLoops: [EventLoop] = []
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let configuration: HTTPServerConfiguration
    private let router: Router
    private let logger: Logger
    private let tls: TLSContext?
    private let state = Mutex(State())
    /// Request, latency and connection metrics of this server.
    public let metrics: HTTPServerMetrics

    /// Validates the configuration and loads the TLS certificate and key (if configured), so
    /// that every start-up problem surfaces here or in `start()` as an `HTTPServerError`.
    /// Pass the `metrics` recorder that `StandardMiddleware.metrics(_:)` uses, so that one
    /// object holds request metrics and open connections.
    public init(
        configuration: HTTPServerConfiguration, router: Router, logger: Logger,
        metrics: HTTPServerMetrics = HTTPServerMetrics()
    ) throws(HTTPServerError) {
        guard configuration.eventLoops >= 1 else {
            throw .invalidConfiguration("eventLoops must be at least 1 (got \(configuration.eventLoops))")
        }
        guard configuration.maxConnections >= 1 else {
            throw .invalidConfiguration("maxConnections must be at least 1 (got \(configuration.maxConnections))")
        }
        guard configuration.maxPipelinedRequests >= 1 else {
            throw .invalidConfiguration(
                "maxPipelinedRequests must be at least 1 (got \(configuration.maxPipelinedRequests))")
        }
        guard (0...65535).contains(configuration.port) else {
            throw .invalidConfiguration("port \(configuration.port) is outside 0…65535")
        }
        self.configuration = configuration
        self.router = router
        self.logger = logger
        self.metrics = metrics
        if let tlsConfiguration = configuration.tls {
            let context = try TLSContext(tlsConfiguration)
            for warning in context.warnings { logger.warning("\(warning)") }
            tls = context
        } else {
            tls = nil
        }
    }

    /// Reads the TLS certificate and key files again (after a rotation) and uses them for new
    /// connections; open connections keep theirs. On error the current ones stay. Does nothing
    /// without TLS.
    public func reloadTLS() throws(HTTPServerError) {
        guard let tls else { return }
        for warning in try tls.reload() { logger.warning("\(warning)") }
        logger.info("TLS certificate and key reloaded", metadata: ["certificate": "\(tls.configuration.certificatePath)"])
    }

    /// Binds and listens, starts the event loops and returns the bound port.
    @discardableResult
    public func start() throws(HTTPServerError) -> Int {
        try state.withLock { state throws(HTTPServerError) in
            guard case .created = state.phase else { throw .alreadyStarted }
            signal(SIGPIPE, SIG_IGN)  // OpenSSL writes with write(2); a vanished peer must not kill us
            let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port)
            let context = ServerContext(
                configuration: configuration, router: router, logger: logger, metrics: metrics,
                tls: tls, listenerFD: fd)
            var loops: [EventLoop] = []
            do throws(HTTPServerError) {
                for index in 0..<configuration.eventLoops {
                    loops.append(try EventLoop(index: index, server: context) { [self] _ in loopFinished() })
                }
                for loop in loops {
                    try loop.start()
                    state.runningLoops += 1
                }
            } catch {
                // Loops already running drain at once (nothing connected yet).
                for loop in loops.prefix(state.runningLoops) { loop.post(.drain(deadline: 0)) }
                state.phase = state.runningLoops > 0 ? .draining : .stopped
                state.listenerFD = fd
                if state.runningLoops == 0 { close(fd) }
                throw error
            }
            state.startedLoops = loops
            configuration.clock.onAdvance { [weak self] in self?.wakeLoops() }
            state.phase = .running(loops: loops, listenerFD: fd)
            state.listenerFD = fd
            logger.info(
                "HTTP server listening",
                metadata: [
                    "address": "\(configuration.host):\(port)", "tls": "\(tls != nil)",
                    "eventLoops": "\(configuration.eventLoops)",
                ])
            return port
        }
    }

    /// Stops accepting, closes idle connections, lets in-flight requests finish within
    /// `shutdownGracePeriod` (then closes what is left) and returns once every loop has stopped.
    /// Safe to call more than once and concurrently; also wakes `waitForShutdownSignal()`.
    public func shutdown() async {
        let loops: [EventLoop] = state.withLock { state in
            switch state.phase {
            case .created:
                state.phase = .stopped
                return []
            case .running(let loops, _):
                state.phase = .draining
                return loops
            case .draining, .stopped:
                return []
            }
        }
        if !loops.isEmpty {
            logger.info("HTTP server shutting down", metadata: ["gracePeriod": "\(configuration.shutdownGracePeriod)"])
            let deadline = configuration.clock.now() &+ configuration.shutdownGracePeriod.clampedNanoseconds
            for loop in loops { loop.post(.drain(deadline: deadline)) }
        }
        await waitUntilStopped()
    }

    /// Waits for SIGTERM or SIGINT (or a programmatic `shutdown()`), then shuts down gracefully
    /// and returns. The signals no longer end the process by default once this was called.
    /// On a signal `onSignal` runs first (e.g. readiness turns 503), and the server keeps
    /// serving for `drainSeconds` so that a load balancer stops sending before it stops.
    public func waitForShutdownSignal(drainSeconds: Int = 0, onSignal: (@Sendable () -> Void)? = nil) async {
        let subscription = try? ShutdownSignal.shared.subscribe { [self] signal in
            logger.info("received signal \(signal == SIGINT ? "SIGINT" : "SIGTERM")")
            onSignal?()
            Task {
                if drainSeconds > 0 { try? await Task.sleep(for: .seconds(drainSeconds)) }
                await shutdown()
            }
        }
        await waitUntilStopped()
        if let subscription { ShutdownSignal.shared.unsubscribe(subscription) }
    }

    private func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let stopped = state.withLock { state in
                if case .stopped = state.phase { return true }
                state.stopWaiters.append(continuation)
                return false
            }
            if stopped { continuation.resume() }
        }
    }

    /// Makes every running loop look at its timers again (a manual clock moved).
    private func wakeLoops() {
        for loop in state.withLock({ $0.startedLoops }) { loop.post(.wake) }
    }

    private func loopFinished() {
        let waiters: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.runningLoops -= 1
            guard state.runningLoops == 0 else { return [] }
            state.phase = .stopped
            state.startedLoops = []
            if state.listenerFD >= 0 {
                close(state.listenerFD)
                state.listenerFD = -1
            }
            defer { state.stopWaiters.removeAll() }
            return state.stopWaiters
        }
        if !waiters.isEmpty { logger.info("HTTP server stopped") }
        for waiter in waiters { waiter.resume() }
    }
}
