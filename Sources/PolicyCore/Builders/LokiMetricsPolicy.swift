/// §4.6 `loki-allow-metrics` (only with serviceMonitors; on every platform, D1):
/// `PROMETHEUS` scrapes the Loki components on 3100.
///
/// policyTypes are `[Egress, Ingress]` as the operator writes them; with no egress rules
/// the Egress type only isolates, which `loki-allow` and `default-deny` already do.
enum LokiMetricsPolicy: PolicyBuilder {
    static let suffix = "loki-allow-metrics"

    static func build(_ context: PolicyContext) -> NetworkPolicy? {
        guard context.options.serviceMonitors else { return nil }
        return context.policy(
            suffix,
            NetworkPolicySpec(
                podSelector: Selectors.allLoki, policyTypes: Selectors.egressAndIngress,
                ingress: [
                    NetworkPolicyIngressRule(from: context.prometheusPeers, ports: Selectors.lokiHTTPPort)
                ]))
    }
}
