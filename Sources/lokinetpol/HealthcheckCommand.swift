import ArgumentParser
import NetpolService

/// `lokinetpol healthcheck`: probes a running service's `/healthz` (the container
/// `HEALTHCHECK`; no curl needed). Exit 0 healthy, 1 not.
struct HealthcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Probe a running service's /healthz (exit 0 healthy, 1 not).",
        discussion: """
            The address defaults to LOKINETPOL_LISTEN (as `serve` reads it), else 127.0.0.1:8080; a \
            wildcard listen address (0.0.0.0, ::) is probed on loopback. HTTPS is used when --tls is \
            given or LOKINETPOL_TLS_CERT is set (as `serve` reads it); the certificate is not \
            verified (the probe checks that the local service answers).
            """)

    @Option(help: "HOST:PORT of the service.")
    var address: String?

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 3

    @Flag(help: "Probe over HTTPS (default: when LOKINETPOL_TLS_CERT is set).")
    var tls = false

    func run() throws {
        let environment = ProcessEnvironment.variables()
        let text = address ?? environment["LOKINETPOL_LISTEN"] ?? "127.0.0.1:8080"
        let useTLS = tls || !(environment["LOKINETPOL_TLS_CERT"] ?? "").isEmpty
        guard let (host, port) = ListenAddress.parse(text) else {
            throw ValidationError("the address must be HOST:PORT or [IPv6]:PORT, got '\(text)'")
        }
        do throws(HealthProbe.Failure) {
            try HealthProbe.check(
                host: ListenAddress.localClientHost(host), port: port, tls: useTLS, timeoutSeconds: max(1, timeout))
        } catch {
            CommandIO.writeError("unhealthy: \(error)")
            throw ExitCode.failure
        }
    }
}
