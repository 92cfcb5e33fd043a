import PolicyCore

extension BenchCases {
    /// The typical stack against a variant (openshift-network tenancy adds a policy, a third
    /// Alertmanager port changes the ruler's): the kubectl-style unified YAML diff.
    static let textDiff: BenchCase = {
        let old = PolicyGenerator.policies(TypicalStack.options)
        var variant = TypicalStack.options
        variant.tenantsMode = .openshiftNetwork
        variant.alertmanagerPorts = [9093, 9094, 9095]
        let new = PolicyGenerator.policies(variant)
        return BenchCase(
            name: "diff.text", summary: "two policy sets → unified YAML diff (1 added, 1 changed of 9)"
        ) { PolicyDiff.text(old: old, new: new).utf8.count }
    }()
}
