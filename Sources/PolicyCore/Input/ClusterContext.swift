/// The envelope's `cluster` section (§1.4), validated, with defaults worked out last.
///
/// Explicit per-call values (`ClusterOverrides`) are already merged into `cluster` by
/// `PolicyInput.applying(_:)`, so precedence is: merged value, else the default.
struct ClusterContext {
    var platform: Platform = .kubernetes
    var openshiftVersion: OpenShiftVersion?
    var gateway = true
    var serviceMonitors = true
    /// Default: true on OpenShift, false elsewhere (follows the final platform).
    var clusterMonitoring = false
    var userWorkload = false
    /// `cluster.prometheus`, when given and valid.
    var prometheus: NetworkPolicyPeer?

    static let base = FieldPath("cluster")
    static let knownKeys = ["platform", "openshiftVersion", "gateway", "serviceMonitors", "alertmanager", "prometheus"]

    static func read(_ value: JSONValue?, log: inout IssueLog) -> ClusterContext {
        var c = ClusterContext()
        let section = log.object(value, at: base)
        if let section { log.rejectUnknownKeys(section, at: base, known: knownKeys) }
        c.platform = log.enumeration(section?["platform"], at: base.key("platform"), Platform.self) ?? .kubernetes
        func versionPath() -> FieldPath { base.key("openshiftVersion") }
        if let text = log.string(section?["openshiftVersion"], at: versionPath()) {
            c.openshiftVersion = OpenShiftVersion(text)
            if c.openshiftVersion == nil {
                log.error(versionPath(), "\(OpenShiftVersion.syntaxMessage), not \(IssueLog.quoted(text))")
            }
        }
        c.gateway = log.bool(section?["gateway"], at: base.key("gateway")) ?? true
        c.serviceMonitors = log.bool(section?["serviceMonitors"], at: base.key("serviceMonitors")) ?? true
        func amPath() -> FieldPath { base.key("alertmanager") }
        let alertmanager = log.object(section?["alertmanager"], at: amPath())
        if let alertmanager { log.rejectUnknownKeys(alertmanager, at: amPath(), known: ["clusterMonitoring", "userWorkload"]) }
        c.clusterMonitoring =
            log.bool(alertmanager?["clusterMonitoring"], at: amPath().key("clusterMonitoring")) ?? (c.platform == .openshift)
        c.userWorkload = log.bool(alertmanager?["userWorkload"], at: amPath().key("userWorkload")) ?? false
        if let p = section?["prometheus"], !p.isNull {
            c.prometheus = PeerReader.read(p, at: base.key("prometheus"), log: &log)
        }
        return c
    }

    /// §2 with D9: absent `networkPolicies` enables policies only on OpenShift 4.20 or later.
    func enablement(_ setting: NetworkPoliciesSetting) -> Enablement {
        switch setting {
        case .enabled: return .enabledExplicitly
        case .disabled: return .disabledExplicitly
        case .absent:
            if platform == .openshift, let v = openshiftVersion, v.isAtLeast(major: 4, minor: 20) {
                return .enabledByDefault
            }
            return .disabledByDefault
        }
    }

    /// The cluster-monitoring Alertmanager rule: OpenShift, modes openshift-logging/-network (§1.4).
    func clusterMonitoringApplies(_ mode: TenantsMode?) -> Bool {
        platform == .openshift && clusterMonitoring && (mode == .openshiftLogging || mode == .openshiftNetwork)
    }

    /// The user-workload Alertmanager rule: OpenShift, mode openshift-logging only (§1.4).
    func userWorkloadApplies(_ mode: TenantsMode?) -> Bool {
        platform == .openshift && userWorkload && mode == .openshiftLogging
    }

    /// PROMETHEUS (§4): OCP_PROMETHEUS on OpenShift; else the configured peer, else any namespace.
    var prometheusPeer: NetworkPolicyPeer {
        if platform == .openshift { return Selectors.openShiftPrometheus }
        return prometheus ?? NetworkPolicyPeer(namespaceSelector: .everything)
    }
}
