/// §4.5 `gateway-allow` (only with the gateway): the gateway resolves DNS, reaches its
/// upstreams on 3100 and the API server on 6443, and accepts clients on 8080.
enum GatewayAllowPolicy: PolicyBuilder {
    static let suffix = "gateway-allow"

    static func build(_ context: PolicyContext) -> NetworkPolicy? {
        guard context.options.gateway else { return nil }
        let upstreams = NetworkPolicyPeer(
            podSelector: Selectors.gatewayUpstreamComponents, namespaceSelector: context.ownNamespace)
        var egress = context.dns
        egress.append(NetworkPolicyEgressRule(to: [upstreams], ports: Selectors.lokiHTTPPort))
        egress.append(Selectors.apiServerRule)
        return context.policy(
            suffix,
            NetworkPolicySpec(
                podSelector: Selectors.gateway, policyTypes: Selectors.egressAndIngress,
                ingress: [Selectors.gatewayClientsRule],
                egress: egress))
    }
}
