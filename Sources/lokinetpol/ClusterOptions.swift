import ArgumentParser
import PolicyCore

/// The cluster-context flags shared by the commands that render (`render`, `flows`, `diff`).
/// An explicit flag wins over the input's `cluster` field, which wins over the default (spec §1.4).
struct ClusterOptions: ParsableArguments {
    @Option(help: "Cluster platform: kubernetes or openshift (default: the input's cluster.platform, else kubernetes).")
    var platform: String?

    @Option(help: "OpenShift version, MAJOR.MINOR or MAJOR.MINOR.PATCH (decides the default enablement on openshift).")
    var openshiftVersion: String?

    @Flag(help: "The LokiStack gateway is not deployed (no gateway policies).")
    var noGateway = false

    @Flag(help: "ServiceMonitors are not deployed (no metrics policies).")
    var noServiceMonitors = false

    func validate() throws {
        if let platform, Platform(rawValue: platform) == nil {
            throw ValidationError("--platform must be kubernetes or openshift, not \"\(platform)\"")
        }
    }

    /// The flags as per-call overrides of the input's cluster context.
    var overrides: ClusterOverrides {
        ClusterOverrides(
            platform: platform, openshiftVersion: openshiftVersion, gateway: noGateway ? false : nil,
            serviceMonitors: noServiceMonitors ? false : nil)
    }
}
