import CommandParsing
import PolicyCore

/// The cluster-context flags shared by `render`, `flows`, `diff` and `drift` (spec §1.4). A
/// flag given wins over the input envelope's `cluster` field; an absent flag leaves it alone.
struct ClusterOptions {
    /// The platform the stack runs on.
    enum PlatformName: String, ArgumentValue, CaseIterable {
        case kubernetes, openshift
    }

    /// The declarations, read by ``init(_:)``.
    enum Parameters {
        static let platform = Option<PlatformName?>(
            "platform", help: "Cluster platform (default: the input's cluster.platform, else kubernetes).", default: nil)
        static let openshiftVersion = Option<String?>(
            "openshift-version",
            help: "OpenShift version [v]MAJOR.MINOR[.PATCH[-pre][+build]] (policies default on from 4.20).", default: nil)
        static let gateway = InvertibleFlag(
            "gateway", help: "Whether the LokiStack gateway is deployed (default: the input's cluster.gateway, else on).")
        static let serviceMonitors = InvertibleFlag(
            "service-monitors",
            help: "Whether Prometheus ServiceMonitors are deployed (default: the input's cluster.serviceMonitors, else on).")
        static let all: [any Parameter] = [platform, openshiftVersion, gateway, serviceMonitors]
    }

    /// The flags as overrides of the input's cluster context.
    let overrides: ClusterOverrides

    init(_ values: ParsedValues) throws(UsageError) {
        let openshiftVersion = try values.value(of: Parameters.openshiftVersion)
        if let openshiftVersion {
            do {
                _ = try ClusterOverrides.parse(queryItems: [("openshiftVersion", openshiftVersion)])
            } catch {
                throw .invalid("--openshift-version: " + (error.issues.first?.message ?? "invalid"))
            }
        }
        overrides = ClusterOverrides(
            platform: try values.value(of: Parameters.platform)?.rawValue, openshiftVersion: openshiftVersion,
            gateway: values.value(of: Parameters.gateway), serviceMonitors: values.value(of: Parameters.serviceMonitors))
    }
}
