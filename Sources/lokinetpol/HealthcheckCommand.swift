import ArgumentParser
import Foundation
import NetpolService

/// `lokinetpol healthcheck`: probes a running service's `/healthz` (the container
/// `HEALTHCHECK`; no curl needed). Exit 0 healthy, 1 not.
struct HealthcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Probe a running service's /healthz (exit 0 healthy, 1 not).",
        discussion: """
            The address defaults to LOKINETPOL_LISTEN (as `serve` reads it), else 127.0.0.1:8080;
            a wildcard listen address (0.0.0.0, ::) is probed on loopback. The probe speaks plain
            HTTP: with TLS configured, probe a plain listener or use an HTTPS client instead.
            """)

    @Option(help: "HOST:PORT of the service.")
    var address: String?

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 3

    func run() throws {
        let text = address ?? ProcessInfo.processInfo.environment["LOKINETPOL_LISTEN"] ?? "127.0.0.1:8080"
        guard let (host, port) = ListenAddress.parse(text) else {
            throw ValidationError("the address must be HOST:PORT or [IPv6]:PORT, got '\(text)'")
        }
        do throws(HealthProbe.Failure) {
            try HealthProbe.check(
                host: ListenAddress.localClientHost(host), port: port, timeoutSeconds: max(1, timeout))
        } catch {
            FileHandle.standardError.write(Data("unhealthy: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
