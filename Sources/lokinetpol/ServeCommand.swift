import ArgumentParser
import Dispatch
import Foundation
import HTTPServer
import Logging
import NetpolService
import PolicyCore
import PolicyStore

/// `lokinetpol serve`: the REST service (api.md) on a SQLite database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the REST service.",
        discussion: """
            Every option can also be set by an environment variable (the option wins): \
            LOKINETPOL_LISTEN, LOKINETPOL_DB, LOKINETPOL_TLS_CERT, LOKINETPOL_TLS_KEY, LOKINETPOL_TLS_CLIENT_CA, \
            LOKINETPOL_LOG_LEVEL, LOKINETPOL_TOKENS (a path), LOKINETPOL_ALLOWED_HOSTS and \
            LOKINETPOL_TRUSTED_PROXIES (comma-separated), LOKINETPOL_METRICS_PUBLIC and \
            LOKINETPOL_ALLOW_UNAUTHENTICATED_REMOTE (true/false).

            With --tokens every call but /healthz, /readyz and /openapi.yaml (and /metrics with \
            --metrics-public) needs 'Authorization: Bearer <secret>' (make tokens with \
            'lokinetpol token new'). Without a tokens file the service listens on a loopback address \
            only and answers only loopback Host names; listening on any other address needs \
            --allow-unauthenticated-remote.

            SIGHUP reloads the tokens file and the TLS certificate and key; a broken file keeps the \
            previous ones. Logs are JSON lines on standard error, one access-log line per request with \
            its request id and caller. SIGTERM or SIGINT stops accepting, finishes in-flight requests \
            and exits 0.
            """)

    @Option(help: "Address to listen on, HOST:PORT or [IPv6]:PORT (port 0 = any free port). Default 127.0.0.1:8080.")
    var listen: String?

    @Option(help: "SQLite database file (created if missing). Default ./lokinetpol.db.")
    var db: String?

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
        let settings = try ServeSettings(command: self, environment: ProcessInfo.processInfo.environment)
        let sink = LogSink()
        sink.startFlusher()
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, sink: sink, level: settings.logLevel) }
        let logger = Logger(label: "lokinetpol")
        defer { sink.shutdown() }

        let store: SQLiteStackStore
        do {
            store = try SQLiteStackStore(path: settings.databasePath)
        } catch {
            logger.critical("cannot open the database", metadata: ["db": "\(settings.databasePath)", "error": "\(error)"])
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
                "db": "\(settings.databasePath)", "version": "\(GeneratorInfo.version)",
            ])
        await server.waitForShutdownSignal()
        reload.cancel()
        logger.info("stopped")
    }
}

/// The resolved settings of `serve`: options, then environment variables, then defaults.
struct ServeSettings {
    var host: String
    var port: Int
    var databasePath: String
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
        databasePath = value(command.db, "LOKINETPOL_DB") ?? "./lokinetpol.db"
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
            return items.flatMap { $0.split(separator: ",") }.map { String($0).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
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
