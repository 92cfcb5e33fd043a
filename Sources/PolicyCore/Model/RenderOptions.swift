/// Everything the policy builders need, resolved and validated.
///
/// Produced from a decoded input by validation and cluster-default resolution
/// (spec §1, §2, §5, §6); consumed by the builders (§4) and the flow model (§9).
/// Every value here is final: builders make no further decisions about input.
public struct RenderOptions: Sendable, Hashable {
    /// `metadata.name` of the LokiStack: prefix of every policy name.
    public var name: String
    /// `metadata.namespace`: namespace of every policy.
    public var namespace: String
    /// Final platform after precedence and defaults (§1.4).
    public var platform: Platform
    /// Whether policies are generated, and why (§2).
    public var enablement: Enablement
    /// `spec.tenants.mode`, nil when absent (D10).
    public var tenantsMode: TenantsMode?
    /// Cluster context `gateway` (§1.4).
    public var gateway: Bool
    /// Cluster context `serviceMonitors` (§1.4).
    public var serviceMonitors: Bool
    /// `spec.rules.enabled`.
    public var rulerEnabled: Bool
    /// The cluster-monitoring Alertmanager rule applies (already gated on platform and mode, §1.4).
    public var clusterMonitoringAlertmanager: Bool
    /// The user-workload Alertmanager rule applies (already gated on platform and mode, §1.4).
    public var userWorkloadAlertmanager: Bool
    /// AM_PORTS (§6): sorted ascending, unique. Empty = no RulerConfig endpoint rule.
    public var alertmanagerPorts: [Int]
    /// OBJSTORE_PORTS (§5): final list in order, unique, never empty.
    public var objectStoragePorts: [Int]
    /// The PROMETHEUS peer (§4): OCP_PROMETHEUS on openshift, else the configured peer or `{namespaceSelector: {}}`.
    public var prometheus: NetworkPolicyPeer
    /// Warnings found while resolving (§5.1 step 3, §6), in input order.
    public var warnings: [FieldIssue]
    /// The stack's validated supplementary NetworkPolicies (issue 12), namespace filled in,
    /// ordered by name: rendered after the generated ones, and held back when disabled.
    public var supplementary: [NetworkPolicy]

    public init(
        name: String, namespace: String, platform: Platform, enablement: Enablement,
        tenantsMode: TenantsMode?, gateway: Bool, serviceMonitors: Bool, rulerEnabled: Bool,
        clusterMonitoringAlertmanager: Bool, userWorkloadAlertmanager: Bool,
        alertmanagerPorts: [Int], objectStoragePorts: [Int], prometheus: NetworkPolicyPeer,
        warnings: [FieldIssue], supplementary: [NetworkPolicy] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.platform = platform
        self.enablement = enablement
        self.tenantsMode = tenantsMode
        self.gateway = gateway
        self.serviceMonitors = serviceMonitors
        self.rulerEnabled = rulerEnabled
        self.clusterMonitoringAlertmanager = clusterMonitoringAlertmanager
        self.userWorkloadAlertmanager = userWorkloadAlertmanager
        self.alertmanagerPorts = alertmanagerPorts
        self.objectStoragePorts = objectStoragePorts
        self.prometheus = prometheus
        self.warnings = warnings
        self.supplementary = supplementary
    }
}

/// The cluster platform (§1.4).
public enum Platform: String, Sendable, Hashable, CaseIterable {
    case kubernetes
    case openshift
}

/// `spec.tenants.mode` (§1.1).
public enum TenantsMode: String, Sendable, Hashable, CaseIterable {
    case `static`
    case dynamic
    case openshiftLogging = "openshift-logging"
    case openshiftNetwork = "openshift-network"
}

/// Whether policies are generated, with exactly one of the §2 reasons.
public enum Enablement: String, Sendable, Hashable, CaseIterable {
    case enabledExplicitly = "enabled explicitly"
    case enabledByDefault = "enabled by default on OpenShift 4.20 or later"
    case disabledExplicitly = "disabled explicitly"
    case disabledByDefault = "disabled by default on this platform"

    /// True for the two enabled reasons.
    public var isEnabled: Bool { self == .enabledExplicitly || self == .enabledByDefault }

    /// The reason string of the render result (§2, §8).
    public var reason: String { rawValue }
}
