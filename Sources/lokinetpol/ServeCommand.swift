import CommandParsing
import HTTPServer
import Logging
import NetpolService
import PolicyCore
import PolicyStore

/// `lokinetpol serve`: the REST service (api.md) on a SQLite database or, for several
/// replicas, on PostgreSQL.
struct ServeCommand: AsyncRunnableCommand {
    static var spec: CommandSpec {
        CommandSpec(
            name: "serve",
            abstract: "Run the REST service.",
            discussion: """
                Every option can also be set by an environment variable (the option wins): \
                LOKINETPOL_LISTEN, LOKINETPOL_DB, LOKINETPOL_DB_POOL_SIZE, LOKINETPOL_DB_STATEMENT_TIMEOUT_MS, \
                LOKINETPOL_DRAIN_SECONDS, LOKINETPOL_TLS_CERT, LOKINETPOL_TLS_KEY, LOKINETPOL_TLS_CLIENT_CA, \
                LOKINETPOL_LOG_LEVEL, LOKINETPOL_TOKENS (a path), LOKINETPOL_ALLOWED_HOSTS and \
                LOKINETPOL_TRUSTED_PROXIES (comma-separated), LOKINETPOL_METRICS_PUBLIC and \
                LOKINETPOL_ALLOW_UNAUTHENTICATED_REMOTE (true/false).

                --db is a SQLite file (a path or sqlite:PATH) or a PostgreSQL URL (postgres://… or \
                postgresql://…, libpq's URI rules) for several replicas on one database. The PostgreSQL \
                password comes only from the URL, PGPASSWORD or PGPASSFILE and is never logged.

                With --tokens every call but /healthz, /readyz and /openapi.yaml (and /metrics with \
                --metrics-public) needs 'Authorization: Bearer <secret>' (make tokens with \
                'lokinetpol token new'). Without a tokens file the service listens on a loopback address \
                only and answers only loopback Host names; listening on any other address needs \
                --allow-unauthenticated-remote.

                SIGHUP reloads the tokens file and the TLS certificate and key; a broken file keeps the \
                previous ones. Logs are JSON lines on standard error, one access-log line per request with \
                its request id and caller. SIGTERM or SIGINT makes /readyz answer 503 for --drain-seconds \
                (still serving, so a load balancer stops sending), then stops accepting, finishes in-flight \
                requests and exits 0.
                """,
            parameters: [
                Parameters.listen, Parameters.db, Parameters.dbPoolSize, Parameters.dbStatementTimeoutMs,
                Parameters.drainSeconds, Parameters.tlsCert, Parameters.tlsKey, Parameters.tlsClientCA,
                Parameters.logLevel, Parameters.tokens, Parameters.allowedHosts, Parameters.trustedProxies,
                Parameters.metricsPublic, Parameters.allowUnauthenticatedRemote,
            ])
    }

    /// The declarations, read by ``ServeSettings``.
    enum Parameters {
        static let listen = Option<String>(
            "listen", help: "Address to listen on, HOST:PORT or [IPv6]:PORT (port 0 = any free port).",
            environment: "LOKINETPOL_LISTEN", default: "127.0.0.1:8080")
        static let db = Option<String>(
            "db", help: "SQLite file (PATH or sqlite:PATH, created if missing) or PostgreSQL URL (postgres://…).",
            environment: "LOKINETPOL_DB", default: "./lokinetpol.db")
        static let dbPoolSize = Option<Int>(
            "db-pool-size", help: "PostgreSQL connections per replica.", environment: "LOKINETPOL_DB_POOL_SIZE",
            default: 8, range: 1...256)
        static let dbStatementTimeoutMs = Option<Int>(
            "db-statement-timeout-ms", help: "PostgreSQL statement timeout in milliseconds.",
            environment: "LOKINETPOL_DB_STATEMENT_TIMEOUT_MS", default: 5_000, range: 1...600_000)
        static let drainSeconds = Option<Int>(
            "drain-seconds", help: "Seconds /readyz answers 503 after SIGTERM before the server stops.",
            environment: "LOKINETPOL_DRAIN_SECONDS", default: 0, range: 0...3_600)
        static let tlsCert = Option<String?>(
            "tls-cert", help: "PEM certificate (chain) file: serve HTTPS.", environment: "LOKINETPOL_TLS_CERT", default: nil)
        static let tlsKey = Option<String?>(
            "tls-key", help: "PEM private key file of --tls-cert.", environment: "LOKINETPOL_TLS_KEY", default: nil)
        static let tlsClientCA = Option<String?>(
            "tls-client-ca",
            help: "PEM CA file: verify client certificates; a subject listed in the tokens file (subject:) authenticates.",
            environment: "LOKINETPOL_TLS_CLIENT_CA", default: nil)
        static let logLevel = Option<String>(
            "log-level", help: "trace, debug, info, notice, warning, error or critical.",
            environment: "LOKINETPOL_LOG_LEVEL", default: "info")
        static let tokens = Option<String?>(
            "tokens", help: "Tokens file (YAML: name, sha256, scopes, namespaces, expires): require bearer tokens.",
            environment: "LOKINETPOL_TOKENS", default: nil)
        static let allowedHosts = ListOption<String>(
            "allowed-host",
            help: "Without tokens, also answer this Host name (repeatable, or comma-separated; loopback names are always answered).",
            environment: "LOKINETPOL_ALLOWED_HOSTS")
        static let trustedProxies = ListOption<String>(
            "trusted-proxies",
            help: "CIDRs of proxies whose X-Forwarded-For names the client (comma-separated, repeatable).",
            environment: "LOKINETPOL_TRUSTED_PROXIES")
        static let metricsPublic = Flag(
            "metrics-public", help: "Serve /metrics without a token.", environment: "LOKINETPOL_METRICS_PUBLIC")
        static let allowUnauthenticatedRemote = Flag(
            "allow-unauthenticated-remote",
            help: "Without tokens, allow a non-loopback address and any Host name (no authentication at all).",
            environment: "LOKINETPOL_ALLOW_UNAUTHENTICATED_REMOTE")
    }

    let settings: ServeSettings

    init(_ values: ParsedValues) throws(UsageError) {
        settings = try ServeSettings(values)
    }

    func run() async throws(ExitCode) {
        let sink = LogSink()
        sink.startFlusher()
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, sink: sink, level: settings.logLevel) }
        let logger = Logger(label: "lokinetpol")
        defer { sink.shutdown() }

        let store: any StackStore
        do {
            switch settings.database {
            case .sqlite(let path):
                store = try SQLiteStackStore(path: path)
            case .postgres(let url):
                var configuration = PostgresStackStore.Configuration()
                configuration.poolSize = settings.poolSize
                configuration.statementTimeoutMilliseconds = settings.statementTimeoutMilliseconds
                store = try PostgresStackStore(url: url, configuration: configuration)
            }
        } catch {
            // The location's description and the store's errors never contain the password.
            logger.critical("cannot open the database", metadata: ["db": "\(settings.database)", "error": "\(error)"])
            throw ExitCode.failure
        }
        defer { store.close() }

        var serviceConfiguration = NetpolService.Configuration()
        serviceConfiguration.security = settings.security
        let service = NetpolService(
            store: store, logger: logger, accessLog: settings.logLevel <= .info ? sink : nil, logSink: sink,
            configuration: serviceConfiguration)
        let serverMetrics = HTTPServerMetrics()
        var configuration = HTTPServerConfiguration(host: settings.host, port: settings.port)
        configuration.errorResponse = NetpolService.parseErrorResponse
        configuration.serverName = "lokinetpol"
        if let certificate = settings.tlsCertificate, let key = settings.tlsKey {
            configuration.tls = TLSConfiguration(
                certificatePath: certificate, privateKeyPath: key, clientCertificateAuthorityPath: settings.tlsClientCA)
        }
        let server: HTTPServer
        let port: Int
        do {
            server = try HTTPServer(
                configuration: configuration, router: service.makeRouter(serverMetrics: serverMetrics),
                logger: logger, metrics: serverMetrics)
            port = try server.start()
        } catch {
            logger.critical("cannot start the HTTP server", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        if let registry = settings.security.tokens {
            logger.notice("bearer tokens required", metadata: ["tokensFile": "\(registry.path)", "tokens": "\(registry.count)"])
        } else if !settings.isLoopback {
            logger.warning(
                "no authentication configured: listening on a non-loopback address; anyone who can reach it may read and write (--allow-unauthenticated-remote)")
        } else if settings.security.allowUnauthenticatedRemote {
            logger.warning("no authentication configured: listening on loopback, any Host name accepted (--allow-unauthenticated-remote)")
        } else {
            logger.notice("no authentication configured: listening on loopback only, loopback Host names only")
        }
        if let warning = settings.tokensWarning { logger.warning("\(warning)") }
        let reload = ReloadOnHangup(tokens: settings.security.tokens, server: server, logger: logger)
        logger.info(
            "listening",
            metadata: [
                "host": "\(settings.host)", "port": "\(port)", "tls": "\(configuration.tls != nil)",
                "db": "\(settings.database)", "version": "\(GeneratorInfo.version)",
            ])
        await server.waitForShutdownSignal(drainSeconds: settings.drainSeconds) { [service] in service.beginDrain() }
        reload.cancel()
        logger.info("stopped")
    }
}
