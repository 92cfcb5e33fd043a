/// §4.1 `default-deny`: isolates every pod of the stack in both directions.
enum DefaultDenyPolicy: PolicyBuilder {
    static let suffix = "default-deny"

    static func build(_ context: PolicyContext) -> NetworkPolicy? {
        context.policy(
            suffix,
            NetworkPolicySpec(
                podSelector: LabelSelector(matchLabels: context.labels), policyTypes: Selectors.ingressAndEgress))
    }
}
