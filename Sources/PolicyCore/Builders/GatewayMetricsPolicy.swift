/// §4.7 `gateway-allow-metrics` (only with serviceMonitors and the gateway; on every
/// platform, D1): `PROMETHEUS` scrapes the gateway on 8081 and its OPA sidecar on 8083.
enum GatewayMetricsPolicy: PolicyBuilder {
    static let suffix = "gateway-allow-metrics"

    static func build(_ context: PolicyContext) -> NetworkPolicy? {
        guard context.options.serviceMonitors, context.options.gateway else { return nil }
        return context.policy(
            suffix,
            NetworkPolicySpec(
                podSelector: Selectors.gateway, policyTypes: Selectors.ingressOnly,
                ingress: [
                    NetworkPolicyIngressRule(
                        from: context.prometheusPeers,
                        ports: Selectors.gatewayMetricsPorts)
                ]))
    }
}
