import ArgumentParser
import PolicyCore

/// The cluster-context flags shared by `render` and `flows` (spec §1.4). A flag given
/// wins over the input envelope's `cluster` field; an absent flag leaves it alone.
struct ClusterOptions: ParsableArguments {
    /// The platform the stack runs on.
    enum PlatformName: String, ExpressibleByArgument, CaseIterable {
        case kubernetes, openshift
    }

    @Option(help: "Cluster platform: kubernetes or openshift (default: the input's cluster.platform, else kubernetes).")
    var platform: PlatformName?

    @Option(name: .customLong("openshift-version"), help: "OpenShift version [v]MAJOR.MINOR[.PATCH[-pre][+build]] (policies default on from 4.20).")
    var openshiftVersion: String?

    @Flag(inversion: .prefixedNo, help: "Whether the LokiStack gateway is deployed (default: the input's cluster.gateway, else on).")
    var gateway: Bool?

    @Flag(
        name: .customLong("service-monitors"), inversion: .prefixedNo,
        help: "Whether Prometheus ServiceMonitors are deployed (default: the input's cluster.serviceMonitors, else on).")
    var serviceMonitors: Bool?

    func validate() throws {
        guard let openshiftVersion else { return }
        do {
            _ = try ClusterOverrides.parse(queryItems: [("openshiftVersion", openshiftVersion)])
        } catch {
            throw ValidationError("--openshift-version: " + (error.issues.first?.message ?? "invalid"))
        }
    }

    /// The flags as overrides of the input's cluster context.
    var overrides: ClusterOverrides {
        ClusterOverrides(
            platform: platform?.rawValue, openshiftVersion: openshiftVersion, gateway: gateway,
            serviceMonitors: serviceMonitors)
    }
}
