import ArgumentParser
import Glibc
import HTTPServer
import Logging
import NetpolService
import PolicyCore
import PolicyStore

/// `lokinetpol serve`: the REST service (api.md) on a SQLite database or, for several
/// replicas, on PostgreSQL.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
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
            """)

    @Option(help: "Address to listen on, HOST:PORT or [IPv6]:PORT (port 0 = any free port). Default 127.0.0.1:8080.")
    var listen: String?

    @Option(help: "SQLite file (PATH or sqlite:PATH, created if missing) or PostgreSQL URL (postgres://…). Default ./lokinetpol.db.")
    var db: String?

    @Option(name: .customLong("db-pool-size"), help: "PostgreSQL connections per replica. Default 8.")
    var dbPoolSize: Int?

    @Option(name: .customLong("db-statement-timeout-ms"), help: "PostgreSQL statement timeout in milliseconds. Default 5000.")
    var dbStatementTimeoutMs: Int?

    @Option(name: .customLong("drain-seconds"), help: "Seconds /readyz answers 503 after SIGTERM before the server stops. Default 0.")
    var drainSeconds: Int?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate (chain) file: serve HTTPS.")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key file of --tls-cert.")
    var tlsKey: String?

    @Option(
        name: .customLong("tls-client-ca"),
        help: "PEM CA file: verify client certificates; a subject listed in the tokens file (subject:) authenticates.")
    var tlsClientCA: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. Default info.")
    var logLevel: String?

    @Option(help: "Tokens file (YAML: name, sha256, scopes, namespaces, expires): require bearer tokens.")
    var tokens: String?

    @Option(
        name: .customLong("allowed-host"),
        help: "Without tokens, also answer this Host name (repeatable; loopback names are always answered).")
    var allowedHosts: [String] = []

    @Option(
        name: .customLong("trusted-proxies"),
        help: "CIDRs of proxies whose X-Forwarded-For names the client (comma-separated, repeatable).")
    var trustedProxies: [String] = []

    @Flag(name: .customLong("metrics-public"), help: "Serve /metrics without a token.")
    var metricsPublic = false

    @Flag(
        name: .customLong("allow-unauthenticated-remote"),
        help: "Without tokens, allow a non-loopback address and any Host name (no authentication at all).")
    var allowUnauthenticatedRemote = false

    func run() async throws {
        let settings = try ServeSettings(command: self, environment: ProcessEnvironment.variables())
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

/// The resolved settings of `serve`: options, then environment variables, then defaults.
struct ServeSettings {
    var host: String
    var port: Int
    var database: DatabaseLocation
    var poolSize: Int
    var statementTimeoutMilliseconds: Int
    var drainSeconds: Int
    var tlsCertificate: String?
    var tlsKey: String?
    var tlsClientCA: String?
    var logLevel: Logger.Level
    var isLoopback: Bool
    var security = SecurityConfiguration()
    /// Said at start-up: the image's tokens file is missing and the server runs unauthenticated.
    var tokensWarning: String?

    init(command: ServeCommand, environment: [String: String]) throws {
        func value(_ option: String?, _ variable: String) -> String? {
            if let option { return option }
            if let text = environment[variable], !text.isEmpty { return text }
            return nil
        }
        let listen = value(command.listen, "LOKINETPOL_LISTEN") ?? "127.0.0.1:8080"
        guard let (host, port) = ListenAddress.parse(listen) else {
            throw ValidationError("--listen must be HOST:PORT or [IPv6]:PORT with a port 0–65535, got '\(listen)'")
        }
        self.host = host
        self.port = port
        database = DatabaseLocation(value(command.db, "LOKINETPOL_DB") ?? "./lokinetpol.db")
        func number(_ option: Int?, _ variable: String, _ flag: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            if let option {
                guard range.contains(option) else { throw ValidationError("\(flag) must be in \(range.lowerBound)...\(range.upperBound)") }
                return option
            }
            guard let text = environment[variable], !text.isEmpty else { return fallback }
            guard let parsed = Int(text), range.contains(parsed) else {
                throw ValidationError("\(variable) must be an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return parsed
        }
        poolSize = try number(command.dbPoolSize, "LOKINETPOL_DB_POOL_SIZE", "--db-pool-size", default: 8, range: 1...256)
        statementTimeoutMilliseconds = try number(
            command.dbStatementTimeoutMs, "LOKINETPOL_DB_STATEMENT_TIMEOUT_MS", "--db-statement-timeout-ms",
            default: 5_000, range: 1...600_000)
        drainSeconds = try number(command.drainSeconds, "LOKINETPOL_DRAIN_SECONDS", "--drain-seconds", default: 0, range: 0...3_600)
        tlsCertificate = value(command.tlsCert, "LOKINETPOL_TLS_CERT")
        tlsKey = value(command.tlsKey, "LOKINETPOL_TLS_KEY")
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        tlsClientCA = value(command.tlsClientCA, "LOKINETPOL_TLS_CLIENT_CA")
        if tlsClientCA != nil && tlsCertificate == nil {
            throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key")
        }
        let levelText = value(command.logLevel, "LOKINETPOL_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        logLevel = level
        isLoopback = ListenAddress.isLoopback(host)
        func flag(_ option: Bool, _ variable: String) -> Bool {
            option || ["1", "true", "yes"].contains(environment[variable]?.lowercased() ?? "")
        }
        func list(_ options: [String], _ variable: String) -> [String] {
            let items = options.isEmpty ? [environment[variable] ?? ""] : options
            return items.flatMap { $0.split(separator: ",") }.compactMap { item in
                // Without surrounding white space; blank items are left out.
                guard let first = item.firstIndex(where: { !$0.isWhitespace }),
                    let last = item.lastIndex(where: { !$0.isWhitespace })
                else { return nil }
                return String(item[first...last])
            }
        }
        let allowRemote = flag(command.allowUnauthenticatedRemote, "LOKINETPOL_ALLOW_UNAUTHENTICATED_REMOTE")
        security.allowUnauthenticatedRemote = allowRemote
        security.metricsPublic = flag(command.metricsPublic, "LOKINETPOL_METRICS_PUBLIC")
        security.allowedHosts = list(command.allowedHosts, "LOKINETPOL_ALLOWED_HOSTS")
        for text in list(command.trustedProxies, "LOKINETPOL_TRUSTED_PROXIES") {
            guard let block = CIDRBlock(text) ?? IPAddress(text).flatMap({ CIDRBlock("\(text)/\($0.family == .v4 ? 32 : 128)") })
            else { throw ValidationError("--trusted-proxies takes CIDRs or addresses, got '\(text)'") }
            security.trustedProxies.append(block)
        }
        if let path = value(command.tokens, "LOKINETPOL_TOKENS") {
            if command.tokens == nil, allowRemote, access(path, F_OK) != 0 {
                // The image names a tokens file; without one mounted, the operator chose to run open.
                tokensWarning = "LOKINETPOL_TOKENS names '\(path)', which does not exist: running WITHOUT authentication (--allow-unauthenticated-remote)"
            } else {
                do {
                    security.tokens = try TokenRegistry(path: path)
                } catch {
                    var message = "\(error.message)"
                    if access(path, F_OK) != 0 {
                        message += ". Mount a tokens file there (see docs/security.md; make entries with "
                            + "'lokinetpol token new NAME'), or pass --allow-unauthenticated-remote to run without "
                            + "authentication knowingly"
                    }
                    throw ValidationError(message)
                }
            }
        }
        if security.tokens == nil && !isLoopback && !allowRemote {
            throw ValidationError(
                "no authentication is configured: refusing to listen on \(host) (not a loopback address); "
                    + "give a tokens file with --tokens (or LOKINETPOL_TOKENS), or pass --allow-unauthenticated-remote "
                    + "to expose the service without authentication")
        }
    }
}
