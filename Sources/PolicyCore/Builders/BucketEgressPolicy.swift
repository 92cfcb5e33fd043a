/// §4.3 `loki-allow-bucket-egress`: the components that use object storage reach any
/// destination on `OBJSTORE_PORTS` (§5).
enum BucketEgressPolicy: PolicyBuilder {
    static let suffix = "loki-allow-bucket-egress"

    static func build(_ context: PolicyContext) -> NetworkPolicy? {
        let ports = context.options.objectStoragePorts.map(NetworkPolicyPort.tcp)
        return context.policy(
            suffix,
            NetworkPolicySpec(
                podSelector: Selectors.objectStorageComponents, policyTypes: Selectors.egressOnly,
                egress: [NetworkPolicyEgressRule(ports: ports)]))
    }
}
