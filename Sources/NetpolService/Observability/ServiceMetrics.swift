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
        var text = server?.snapshot().prometheusText(prefix: "lokinetpol_http") ?? ""
        if let pool {
            let gauges: [(String, String, String, Int)] = [
                ("lokinetpol_db_pool_connections", "gauge", "Database connections in the pool (PostgreSQL).", pool.size),
                ("lokinetpol_db_pool_busy", "gauge", "Pool connections running a statement now.", pool.busy),
                ("lokinetpol_db_pool_waiting", "gauge", "Database operations waiting for a pool connection.", pool.waiting),
                ("lokinetpol_db_reconnects_total", "counter", "Database connections (re)opened after a loss since start.", pool.reconnects),
                ("lokinetpol_db_pool_errors_total", "counter", "Pooled database operations that failed since start.", pool.errors),
            ]
            for (name, type, help, value) in gauges {
                text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
            }
        }
        text += "# HELP lokinetpol_revisions_created_total Revisions created (committed) since start.\n"
        text += "# TYPE lokinetpol_revisions_created_total counter\n"
        text += "lokinetpol_revisions_created_total \(revisionsCreatedTotal)\n"
        text += "# HELP lokinetpol_restores_total Restores of an earlier revision (committed, with or without a new revision) since start.\n"
        text += "# TYPE lokinetpol_restores_total counter\n"
        text += "lokinetpol_restores_total \(restoresTotal)\n"
        text += "# HELP lokinetpol_db_errors_total Database operations that failed since start.\n"
        text += "# TYPE lokinetpol_db_errors_total counter\n"
        text += "lokinetpol_db_errors_total \(databaseErrorsTotal)\n"
        if let server {
            text += "# HELP lokinetpol_tls_handshake_failures_total TLS handshakes that failed since start.\n"
            text += "# TYPE lokinetpol_tls_handshake_failures_total counter\n"
            text += "lokinetpol_tls_handshake_failures_total \(server.tlsHandshakeFailures)\n"
        }
        text += "# HELP lokinetpol_log_lines_dropped_total Log lines dropped because the log buffer was full (a slow or stalled log reader).\n"
        text += "# TYPE lokinetpol_log_lines_dropped_total counter\n"
        text += "lokinetpol_log_lines_dropped_total \(logSink?.droppedLines ?? 0)\n"
        text += "# HELP lokinetpol_build_info Build information; the value is always 1.\n"
        text += "# TYPE lokinetpol_build_info gauge\n"
        text += "lokinetpol_build_info{version=\"\(GeneratorInfo.version)\"} 1\n"
        return text
    }
}
