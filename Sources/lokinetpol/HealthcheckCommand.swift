import CommandParsing
import NetpolService

/// `lokinetpol healthcheck`: probes a running service's `/healthz` (the container
/// `HEALTHCHECK`; no curl needed). Exit 0 healthy, 1 not.
struct HealthcheckCommand: RunnableCommand {
    static var spec: CommandSpec {
        CommandSpec(
            name: "healthcheck",
            abstract: "Probe a running service's /healthz (exit 0 healthy, 1 not).",
            discussion: """
                The address defaults to LOKINETPOL_LISTEN (as `serve` reads it), else 127.0.0.1:8080; a \
                wildcard listen address (0.0.0.0, ::) is probed on loopback. HTTPS is used when --tls is \
                given or LOKINETPOL_TLS_CERT is set (as `serve` reads it); the certificate is not \
                verified (the probe checks that the local service answers).
                """,
            parameters: [Parameters.address, Parameters.timeout, Parameters.tls])
    }

    /// The declarations, read by ``init(_:)``.
    enum Parameters {
        static let address = Option<String>(
            "address", help: "HOST:PORT of the service.", environment: "LOKINETPOL_LISTEN", default: "127.0.0.1:8080")
        static let timeout = Option<Int>("timeout", help: "Seconds to wait for the answer.", default: 3)
        static let tls = Flag("tls", help: "Probe over HTTPS (default: when LOKINETPOL_TLS_CERT is set).")
    }

    let host: String
    let port: Int
    let timeout: Int
    let useTLS: Bool

    init(_ values: ParsedValues) throws(UsageError) {
        let address = try values.value(of: Parameters.address)
        guard let (host, port) = ListenAddress.parse(address) else {
            throw .invalid("the address must be HOST:PORT or [IPv6]:PORT, got '\(address)'")
        }
        (self.host, self.port) = (host, port)
        timeout = try values.value(of: Parameters.timeout)
        useTLS = values.value(of: Parameters.tls) || !(values.environment["LOKINETPOL_TLS_CERT"] ?? "").isEmpty
    }

    func run() throws(ExitCode) {
        do throws(HealthProbe.Failure) {
            try HealthProbe.check(
                host: ListenAddress.localClientHost(host), port: port, tls: useTLS, timeoutSeconds: max(1, timeout))
        } catch {
            CommandIO.writeError("unhealthy: \(error)")
            throw ExitCode.failure
        }
    }
}
