/// The lint rules for supplementary NetworkPolicies (issue 12): each finding is a warning at a
/// JSON Pointer into the envelope (`/supplementary/N/…`), with a stable rule id (`Rule`) and one
/// line of advice. `?strict=true` (`--strict`) turns these warnings, and only these, into errors.
public enum SupplementaryLint {
    /// The stable ids of the lint rules (the `rule` of a warning).
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        /// `spec.podSelector` lacks `app.kubernetes.io/name=lokistack` or `app.kubernetes.io/instance=<stack>`.
        case podSelectorStackLabels = "pod-selector-stack-labels"
        /// `spec.podSelector: {}`: every pod of the namespace.
        case podSelectorEmpty = "pod-selector-empty"
        /// A lone `namespaceSelector` peer next to a lone `podSelector` peer: two ORed peers,
        /// probably meant as one (AND).
        case peersSplit = "peers-split-selectors"
        /// A `namespaceSelector` on the label `name`, which Kubernetes does not set.
        case namespaceSelectorNameLabel = "namespace-selector-name-label"
        /// `namespaceSelector: {}`: every namespace.
        case namespaceSelectorEmpty = "namespace-selector-empty"
        /// A rule without ports: every port.
        case ruleWithoutPorts = "rule-without-ports"
        /// A rule without peers: every source or destination.
        case ruleWithoutPeers = "rule-without-peers"
        /// An `ipBlock` of `0.0.0.0/0` or `::/0`: every address.
        case ipBlockEverywhere = "ip-block-everywhere"
        /// The policy opens an exposure column of the flow matrix (§9.1 `external`,
        /// `otherNamespace`) that the generated policies keep closed.
        case opensExposure = "opens-exposure"
    }

    /// Findings listed per policy and rule; past it one warning says how many more there are,
    /// so that the warning list stays bounded (32 policies × 9 rules × 6).
    public static let maxFindingsPerRule = 5

    /// The warnings of one policy, at most `maxFindingsPerRule` per rule.
    struct Findings {
        var counts: [Rule: Int] = [:]

        mutating func warn(_ path: FieldPath, _ message: String, rule: Rule, log: inout IssueLog) {
            counts[rule, default: 0] += 1
            if counts[rule, default: 0] <= SupplementaryLint.maxFindingsPerRule { log.warn(path, message, rule: rule.rawValue) }
        }

        /// One warning per rule past the limit, at the policy.
        func summarize(at path: FieldPath, log: inout IssueLog) {
            for rule in Rule.allCases {
                let more = (counts[rule] ?? 0) - SupplementaryLint.maxFindingsPerRule
                if more > 0 { log.warn(path, "\(more) more findings of this rule are not listed", rule: rule.rawValue) }
            }
        }
    }

    /// The warnings for `entries` (valid supplementary policies) of the stack `options` names;
    /// `generated` is the stack's generated set (empty when disabled: no exposure rule then).
    static func lint(
        _ entries: [SupplementaryPolicies.Entry], options: RenderOptions, generated: [NetworkPolicy], log: inout IssueLog
    ) {
        for entry in entries {
            var findings = Findings()
            defer { findings.summarize(at: FieldPath("supplementary").index(entry.index), log: &log) }
            let path = FieldPath("supplementary").index(entry.index).key("spec")
            lintPodSelector(entry.policy.spec.podSelector, stackName: options.name, at: path.key("podSelector"), findings: &findings, log: &log)
            let directions: [(String, String, [([NetworkPolicyPeer], [NetworkPolicyPort])])] = [
                ("ingress", "from", entry.policy.spec.ingress.map { ($0.from, $0.ports) }),
                ("egress", "to", entry.policy.spec.egress.map { ($0.to, $0.ports) }),
            ]
            for (direction, peersKey, rules) in directions {
                for (r, rule) in rules.enumerated() {
                    lintRule(
                        peers: rule.0, ports: rule.1, direction: direction, at: path.key(direction).index(r), peersKey: peersKey,
                        findings: &findings, log: &log)
                }
            }
        }
        guard !generated.isEmpty, !entries.isEmpty else { return }
        let model = FlowModel(options: options)
        let closed = FlowAnalysis.matrix(model: model, policies: generated, enablement: options.enablement)
        for entry in entries {
            let opened = FlowAnalysis.matrix(model: model, policies: generated + [entry.policy], enablement: options.enablement)
            let cells = openedCells(closed, opened)
            guard !cells.isEmpty else { continue }
            log.warn(
                FieldPath("supplementary").index(entry.index),
                "opens \(cells.joined(separator: ", ")), which the generated policies keep closed: "
                    + "make sure this exposure is intended",
                rule: Rule.opensExposure.rawValue)
        }
    }

    /// The exposure cells (`ingress external for distributor`, …) empty in `closed` and not in `opened`.
    private static func openedCells(_ closed: FlowMatrix, _ opened: FlowMatrix) -> [String] {
        var cells: [String] = []
        for column in [IngressSource.external, .otherNamespace] {
            let rows = closed.ingress.indices.filter { closed.ingress[$0][column].isEmpty && !opened.ingress[$0][column].isEmpty }
            if !rows.isEmpty {
                cells.append("ingress \(column.rawValue) to \(rows.map { closed.ingress[$0].component.rawValue }.joined(separator: "/"))")
            }
        }
        let rows = closed.egress.indices.filter { closed.egress[$0][.external].isEmpty && !opened.egress[$0][.external].isEmpty }
        if !rows.isEmpty {
            cells.append("egress external from \(rows.map { closed.egress[$0].component.rawValue }.joined(separator: "/"))")
        }
        return cells
    }

    private static func lintPodSelector(
        _ selector: LabelSelector, stackName: String, at path: FieldPath, findings: inout Findings, log: inout IssueLog
    ) {
        if selector == .everything {
            findings.warn(
                path, "is empty: it selects every pod in the namespace; select the stack's pods with "
                    + "app.kubernetes.io/name=lokistack and app.kubernetes.io/instance=\(stackName)",
                rule: .podSelectorEmpty, log: &log)
            return
        }
        let wanted = [("app.kubernetes.io/name", "lokistack"), ("app.kubernetes.io/instance", stackName)]
        let missing = wanted.filter { !requires(selector, key: $0.0, value: $0.1) }
        guard !missing.isEmpty else { return }
        findings.warn(
            path, "does not require \(missing.map { "\($0.0)=\($0.1)" }.joined(separator: " and ")): add "
                + (missing.count == 1 ? "it" : "them") + " so the policy cannot select other pods in the namespace",
            rule: .podSelectorStackLabels, log: &log)
    }

    /// Whether `selector` only matches pods whose `key` label is `value`.
    private static func requires(_ selector: LabelSelector, key: String, value: String) -> Bool {
        if selector.matchLabels[key] == value { return true }
        return selector.matchExpressions.contains { $0.key == key && $0.operator == .in && $0.values == [value] }
    }

    private static func lintRule(
        peers: [NetworkPolicyPeer], ports: [NetworkPolicyPort], direction: String, at path: FieldPath, peersKey: String,
        findings: inout Findings, log: inout IssueLog
    ) {
        let everyone = direction == "ingress" ? "every source" : "every destination"
        if peers.isEmpty {
            findings.warn(
                path, "has no \(peersKey): it allows \(everyone), inside and outside the cluster; list the peers",
                rule: .ruleWithoutPeers, log: &log)
        }
        if ports.isEmpty {
            findings.warn(
                path, "has no ports: it allows every port and protocol; list the ports the traffic needs",
                rule: .ruleWithoutPorts, log: &log)
        }
        let lonePod = peers.contains { $0.podSelector != nil && $0.namespaceSelector == nil && $0.ipBlock == nil }
        let loneNamespace = peers.contains { $0.namespaceSelector != nil && $0.podSelector == nil && $0.ipBlock == nil }
        if lonePod, loneNamespace {
            findings.warn(
                path.key(peersKey), "holds a lone namespaceSelector peer and a lone podSelector peer: they are ORed "
                    + "(any pod of those namespaces, or those pods of this namespace); to mean both, put them in one peer",
                rule: .peersSplit, log: &log)
        }
        for (p, peer) in peers.enumerated() {
            let peerPath = path.key(peersKey).index(p)
            if let selector = peer.namespaceSelector {
                let selectorPath = peerPath.key("namespaceSelector")
                if selector == .everything {
                    findings.warn(
                        selectorPath, "is empty: it selects every namespace; select the namespace with "
                            + "kubernetes.io/metadata.name",
                        rule: .namespaceSelectorEmpty, log: &log)
                }
                if selector.matchLabels["name"] != nil {
                    findings.warn(
                        selectorPath.key("matchLabels").key("name"), "Kubernetes does not set the namespace label name: "
                            + "this matches only namespaces someone labelled; use kubernetes.io/metadata.name",
                        rule: .namespaceSelectorNameLabel, log: &log)
                }
                for (i, requirement) in selector.matchExpressions.enumerated() where requirement.key == "name" {
                    findings.warn(
                        selectorPath.key("matchExpressions").index(i).key("key"),
                        "Kubernetes does not set the namespace label name: use kubernetes.io/metadata.name",
                        rule: .namespaceSelectorNameLabel, log: &log)
                }
            }
            if let block = peer.ipBlock, let cidr = CIDRBlock(block.cidr), cidr.prefix == 0 {
                findings.warn(
                    peerPath.key("ipBlock").key("cidr"), "\(block.cidr) is every address: narrow it to the addresses "
                        + "the traffic needs",
                    rule: .ipBlockEverywhere, log: &log)
            }
        }
    }
}
