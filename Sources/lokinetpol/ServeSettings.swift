import CommandParsing
import Glibc
import HTTPServer
import Logging
import NetpolService
import PolicyCore
import PolicyStore

/// The resolved settings of `serve`: options, then environment variables, then defaults
/// (``ServeCommand/Parameters``), checked together.
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

    init(_ values: ParsedValues) throws(UsageError) {
        typealias Parameters = ServeCommand.Parameters
        let listen = try values.value(of: Parameters.listen)
        guard let (host, port) = ListenAddress.parse(listen) else {
            throw .invalid("--listen must be HOST:PORT or [IPv6]:PORT with a port 0–65535, got '\(listen)'")
        }
        self.host = host
        self.port = port
        database = DatabaseLocation(try values.value(of: Parameters.db))
        poolSize = try values.value(of: Parameters.dbPoolSize)
        statementTimeoutMilliseconds = try values.value(of: Parameters.dbStatementTimeoutMs)
        drainSeconds = try values.value(of: Parameters.drainSeconds)
        tlsCertificate = try values.value(of: Parameters.tlsCert)
        tlsKey = try values.value(of: Parameters.tlsKey)
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw .invalid("--tls-cert and --tls-key go together")
        }
        tlsClientCA = try values.value(of: Parameters.tlsClientCA)
        if tlsClientCA != nil && tlsCertificate == nil {
            throw .invalid("--tls-client-ca needs --tls-cert and --tls-key")
        }
        let levelText = try values.value(of: Parameters.logLevel)
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw .invalid("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        logLevel = level
        isLoopback = ListenAddress.isLoopback(host)
        /// Every item of the lists given, comma-separated ones split, without surrounding white
        /// space; blank items are left out.
        func items(_ lists: [String]) -> [String] {
            lists.flatMap { $0.split(separator: ",") }.compactMap { item in
                guard let first = item.firstIndex(where: { !$0.isWhitespace }),
                    let last = item.lastIndex(where: { !$0.isWhitespace })
                else { return nil }
                return String(item[first...last])
            }
        }
        let allowRemote = values.value(of: Parameters.allowUnauthenticatedRemote)
        security.allowUnauthenticatedRemote = allowRemote
        security.metricsPublic = values.value(of: Parameters.metricsPublic)
        security.allowedHosts = items(try values.values(of: Parameters.allowedHosts))
        for text in items(try values.values(of: Parameters.trustedProxies)) {
            guard let block = CIDRBlock(text) ?? IPAddress(text).flatMap({ CIDRBlock("\(text)/\($0.family == .v4 ? 32 : 128)") })
            else { throw .invalid("--trusted-proxies takes CIDRs or addresses, got '\(text)'") }
            security.trustedProxies.append(block)
        }
        if let path = try values.value(of: Parameters.tokens) {
            if !values.isGiven(Parameters.tokens), allowRemote, access(path, F_OK) != 0 {
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
                    throw .invalid(message)
                }
            }
        }
        if security.tokens == nil && !isLoopback && !allowRemote {
            throw .invalid(
                "no authentication is configured: refusing to listen on \(host) (not a loopback address); "
                    + "give a tokens file with --tokens (or LOKINETPOL_TOKENS), or pass --allow-unauthenticated-remote "
                    + "to expose the service without authentication")
        }
    }
}
