import ArgumentParser
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
            LOKINETPOL_LISTEN, LOKINETPOL_DB, LOKINETPOL_TLS_CERT, LOKINETPOL_TLS_KEY, \
            LOKINETPOL_LOG_LEVEL, LOKINETPOL_ALLOW_UNAUTHENTICATED_REMOTE (true/false).

            No authentication is configured yet, so by default the service listens on a loopback \
            address only. Listening on any other address (e.g. 0.0.0.0 in a container) needs \
            --allow-unauthenticated-remote.

            Logs are JSON lines on standard error, one access-log line per request with its request \
            id. SIGTERM or SIGINT stops accepting, finishes in-flight requests and exits 0.
            """)

    @Option(help: "Address to listen on, HOST:PORT or [IPv6]:PORT (port 0 = any free port). Default 127.0.0.1:8080.")
    var listen: String?

    @Option(help: "SQLite database file (created if missing). Default ./lokinetpol.db.")
    var db: String?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate (chain) file: serve HTTPS.")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key file of --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical. Default info.")
    var logLevel: String?

    @Flag(
        name: .customLong("allow-unauthenticated-remote"),
        help: "Allow listening on a non-loopback address although no authentication is configured.")
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

        let service = NetpolService(
            store: store, logger: logger, accessLog: settings.logLevel <= .info ? sink : nil, logSink: sink)
        let serverMetrics = HTTPServerMetrics()
        var configuration = HTTPServerConfiguration(host: settings.host, port: settings.port)
        configuration.errorResponse = NetpolService.parseErrorResponse
        if let certificate = settings.tlsCertificate, let key = settings.tlsKey {
            configuration.tls = TLSConfiguration(certificatePath: certificate, privateKeyPath: key)
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
        if settings.isLoopback {
            logger.notice("no authentication configured: listening on loopback only")
        } else {
            logger.warning(
                "no authentication configured: listening on a non-loopback address (--allow-unauthenticated-remote)")
        }
        logger.info(
            "listening",
            metadata: [
                "host": "\(settings.host)", "port": "\(port)", "tls": "\(configuration.tls != nil)",
                "db": "\(settings.databasePath)", "version": "\(GeneratorInfo.version)",
            ])
        await server.waitForShutdownSignal()
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
    var logLevel: Logger.Level
    var isLoopback: Bool

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
        let levelText = value(command.logLevel, "LOKINETPOL_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        logLevel = level
        isLoopback = ListenAddress.isLoopback(host)
        let allowRemote =
            command.allowUnauthenticatedRemote
            || ["1", "true", "yes"].contains(environment["LOKINETPOL_ALLOW_UNAUTHENTICATED_REMOTE"]?.lowercased() ?? "")
        if !isLoopback && !allowRemote {
            throw ValidationError(
                "no authentication is configured: refusing to listen on \(host) (not a loopback address); "
                    + "pass --allow-unauthenticated-remote to expose the service without authentication")
        }
    }
}
