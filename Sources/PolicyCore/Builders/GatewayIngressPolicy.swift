/// §4.4 `loki-allow-gateway-ingress` (only with the gateway): the gateway reaches the
/// distributor, query-frontend and ruler on 3100.
enum GatewayIngressPolicy: PolicyBuilder {
    static let suffix = "loki-allow-gateway-ingress"

    static func build(_ context: PolicyContext) -> NetworkPolicy? {
        guard context.options.gateway else { return nil }
        let gatewayPeer = NetworkPolicyPeer(podSelector: Selectors.gateway, namespaceSelector: context.ownNamespace)
        return context.policy(
            suffix,
            NetworkPolicySpec(
                podSelector: Selectors.gatewayUpstreamComponents, policyTypes: Selectors.ingressOnly,
                ingress: [NetworkPolicyIngressRule(from: [gatewayPeer], ports: Selectors.lokiHTTPPort)]))
    }
}
