/// §4.8 `ruler-allow-alert-egress` (only with the ruler): the ruler reaches the OpenShift
/// cluster-monitoring and user-workload Alertmanagers on 9095 where they apply, and any
/// destination on `AM_PORTS` when the RulerConfig names endpoints (§6). With none of
/// them the policy has no egress rules (D8: never a rule without ports or peers).
enum RulerAlertEgressPolicy: PolicyBuilder {
    static let suffix = "ruler-allow-alert-egress"

    static func build(_ context: PolicyContext) -> NetworkPolicy? {
        let options = context.options
        guard options.rulerEnabled else { return nil }
        var egress: [NetworkPolicyEgressRule] = []
        if options.clusterMonitoringAlertmanager {
            egress.append(Selectors.clusterMonitoringAlertmanagerRule)
        }
        if options.userWorkloadAlertmanager {
            egress.append(Selectors.userWorkloadAlertmanagerRule)
        }
        if !options.alertmanagerPorts.isEmpty {
            egress.append(NetworkPolicyEgressRule(ports: options.alertmanagerPorts.map(NetworkPolicyPort.tcp)))
        }
        return context.policy(
            suffix, NetworkPolicySpec(podSelector: Selectors.ruler, policyTypes: Selectors.egressOnly, egress: egress))
    }
}
