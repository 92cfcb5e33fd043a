/// §4.2 `loki-allow`: Loki components talk to each other on `LOKI_PORTS` and resolve DNS.
enum LokiAllowPolicy: PolicyBuilder {
    static let suffix = "loki-allow"

    static func build(_ context: PolicyContext) -> NetworkPolicy? {
        var egress = context.dns
        egress.append(NetworkPolicyEgressRule(to: context.lokiPeers, ports: Selectors.lokiPorts))
        return context.policy(
            suffix,
            NetworkPolicySpec(
                podSelector: Selectors.allLoki, policyTypes: Selectors.egressAndIngress,
                ingress: [NetworkPolicyIngressRule(from: context.lokiPeers, ports: Selectors.lokiPorts)],
                egress: egress))
    }
}
