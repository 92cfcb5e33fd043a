import HTTPServer
import PolicyCore
import PolicyStore
import Synchronization

/// The service's Prometheus metrics: its own counters plus the HTTP server's request
/// metrics, exposed on `GET /metrics` (text format 0.0.4):
/// `lokinetpol_http_requests_total{method,route,status}`,
/// `lokinetpol_http_request_duration_seconds` (histogram), `lokinetpol_http_open_connections`,
/// `lokinetpol_http_rejected_connections_total`, `lokinetpol_revisions_created_total`,
/// `lokinetpol_restores_total`, `lokinetpol_db_errors_total`, `lokinetpol_log_lines_dropped_total`,
/// on PostgreSQL `lokinetpol_db_pool_{connections,busy,waiting}`, `lokinetpol_db_reconnects_total`,
/// `lokinetpol_db_pool_errors_total`,
/// `lokinetpol_build_info{version}`.
public final class ServiceMetrics: Sendable {
    private let revisionsCreated = Atomic<UInt64>(0)
    private let databaseErrors = Atomic<UInt64>(0)
    private let restores = Atomic<UInt64>(0)
    private let logSink: LogSink?

    /// Metrics whose log-drop counter is `logSink`'s (0 without one).
    public init(logSink: LogSink? = nil) {
        self.logSink = logSink
    }

    /// Counts a committed new revision.
    public func recordRevisionCreated() {
        revisionsCreated.add(1, ordering: .relaxed)
    }

    /// Counts a committed restore (`POST …/revisions/{n}/restore` answered 200 or 201; not
    /// the dry run).
    public func recordRestore() {
        restores.add(1, ordering: .relaxed)
    }

    /// Counts a failed database operation (unavailable or corrupt; not a bad cursor).
    public func recordDatabaseError() {
        databaseErrors.add(1, ordering: .relaxed)
    }

    /// Revisions created since start.
    public var revisionsCreatedTotal: UInt64 { revisionsCreated.load(ordering: .relaxed) }
    /// Restores since start.
    public var restoresTotal: UInt64 { restores.load(ordering: .relaxed) }
    /// Database errors since start.
    public var databaseErrorsTotal: UInt64 { databaseErrors.load(ordering: .relaxed) }

    /// The exposition text: the server's request metrics (when given) and the service's own.
    public func prometheusText(server: HTTPServerMetrics?, pool: PostgresPoolStatistics? = nil) -> String {
        var writer = PrometheusTextWriter()
        if let server { writer.append(exposition: server.snapshot().prometheusText(prefix: "lokinetpol_http")) }
        if let pool {
            writer.metric(
                "lokinetpol_db_pool_connections", type: .gauge, help: "Database connections in the pool (PostgreSQL).",
                value: pool.size)
            writer.metric("lokinetpol_db_pool_busy", type: .gauge, help: "Pool connections running a statement now.", value: pool.busy)
            writer.metric(
                "lokinetpol_db_pool_waiting", type: .gauge, help: "Database operations waiting for a pool connection.",
                value: pool.waiting)
            writer.metric(
                "lokinetpol_db_reconnects_total", type: .counter,
                help: "Database connections (re)opened after a loss since start.", value: pool.reconnects)
            writer.metric(
                "lokinetpol_db_pool_errors_total", type: .counter, help: "Pooled database operations that failed since start.",
                value: pool.errors)
        }
        writer.metric(
            "lokinetpol_revisions_created_total", type: .counter, help: "Revisions created (committed) since start.",
            value: revisionsCreatedTotal)
        writer.metric(
            "lokinetpol_restores_total", type: .counter,
            help: "Restores of an earlier revision (committed, with or without a new revision) since start.",
            value: restoresTotal)
        writer.metric(
            "lokinetpol_db_errors_total", type: .counter, help: "Database operations that failed since start.",
            value: databaseErrorsTotal)
        if let server {
            writer.metric(
                "lokinetpol_tls_handshake_failures_total", type: .counter, help: "TLS handshakes that failed since start.",
                value: server.tlsHandshakeFailures)
        }
        writer.metric(
            "lokinetpol_log_lines_dropped_total", type: .counter,
            help: "Log lines dropped because the log buffer was full (a slow or stalled log reader).",
            value: logSink?.droppedLines ?? 0)
        writer.family("lokinetpol_build_info", type: .gauge, help: "Build information; the value is always 1.")
        writer.sample("lokinetpol_build_info", labels: [("version", GeneratorInfo.version)], value: 1)
        return writer.text
    }
}
