/// §4.9 `loki-allow-query-frontend` (only in tenants mode `openshift-network`): anyone
/// reaches the query-frontend on 3100.
enum QueryFrontendPolicy: PolicyBuilder {
    static let suffix = "loki-allow-query-frontend"

    static func build(_ context: PolicyContext) -> NetworkPolicy? {
        guard context.options.tenantsMode == .openshiftNetwork else { return nil }
        return context.policy(
            suffix,
            NetworkPolicySpec(
                podSelector: Selectors.queryFrontend, policyTypes: Selectors.ingressOnly,
                ingress: [Selectors.queryFrontendClientsRule]))
    }
}
