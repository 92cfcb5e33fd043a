/// Reads and validates a stack's supplementary NetworkPolicies (issue 12): the envelope's
/// `supplementary` list, or the NetworkPolicy documents of a stream.
///
/// Each policy is read with the NetworkPolicy schema rules (`NetworkPolicyReader`, plus the rules
/// the API server adds: a peer names something, `ipBlock` stands alone, selector operators and
/// their values agree, named ports are IANA service names, the name is a DNS-1123 subdomain).
/// `metadata.namespace` absent is the stack's namespace; a different one is an error. Names are
/// unique and none is one of the nine names the generator can produce for this stack, whatever
/// the configuration (`<stack>-<suffix>` for every `PolicyGenerator.policySuffixes`).
enum SupplementaryPolicies {
    /// A valid supplementary policy and its index in `supplementary`.
    struct Entry: Sendable, Hashable {
        var index: Int
        var policy: NetworkPolicy
    }

    /// Every valid policy of `value` (errors for the others in `log`). `stackName` and
    /// `namespace` are the stack's, nil when the LokiStack lacks them (already an error).
    static func read(_ value: JSONValue?, stackName: String?, namespace: String?, log: inout IssueLog) -> [Entry] {
        guard let value, !value.isNull else { return [] }
        let base = FieldPath("supplementary")
        guard let items = log.array(value, at: base) else { return [] }
        let generated = stackName.map(PolicyGenerator.generatedNames) ?? []
        var entries: [Entry] = []
        var firstIndex: [String: Int] = [:]
        for (i, item) in items.enumerated() {
            let path = base.index(i)
            guard case .object(var object) = item else {
                log.error(path, "must be a NetworkPolicy manifest (an object), not \(IssueLog.describe(item))")
                continue
            }
            let metaPath = path.key("metadata")
            if object["metadata"]?.isNull ?? true { object["metadata"] = .object(JSONObject()) }
            if case .object(var metadata)? = object["metadata"] {
                switch metadata["namespace"] {
                case nil, .null?:
                    metadata["namespace"] = .string(namespace ?? "")
                case .string(let given)? where namespace != nil && given != namespace:
                    log.error(
                        metaPath.key("namespace"),
                        "is \(IssueLog.quoted(given)), but the stack's namespace is \(IssueLog.quoted(namespace ?? "")): "
                            + "a supplementary policy lives in the stack's namespace (leave it out to have it filled in)")
                default: break
                }
                object["metadata"] = .object(metadata)
            }
            let before = log.errors.count
            for key in ["apiVersion", "kind"] where object[key]?.isNull ?? true {
                log.error(path.key(key), key == "kind" ? "required: NetworkPolicy" : "required: networking.k8s.io/v1")
            }
            guard let policy = NetworkPolicyReader.read(.object(object), at: path, log: &log), log.errors.count == before
            else { continue }
            let namePath = metaPath.key("name")
            if !KubernetesNames.isDNSSubdomain(policy.name) {
                log.error(namePath, "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.')")
            }
            if generated.contains(policy.name) {
                log.error(
                    namePath,
                    "\(IssueLog.quoted(policy.name)) is a name the generator uses for this stack; choose another")
            }
            if let first = firstIndex[policy.name] {
                log.error(namePath, "repeats the name of /supplementary/\(first): names must be unique")
            } else {
                firstIndex[policy.name] = i
            }
            checkSchema(policy, at: path.key("spec"), log: &log)
            if log.errors.count == before { entries.append(Entry(index: i, policy: policy)) }
        }
        return entries
    }

    /// The API server's rules that `NetworkPolicyReader` (which also reads rendered output)
    /// does not check.
    private static func checkSchema(_ policy: NetworkPolicy, at spec: FieldPath, log: inout IssueLog) {
        checkSelector(policy.spec.podSelector, at: spec.key("podSelector"), log: &log)
        let directions: [(String, String, [([NetworkPolicyPeer], [NetworkPolicyPort])])] = [
            ("ingress", "from", policy.spec.ingress.map { ($0.from, $0.ports) }),
            ("egress", "to", policy.spec.egress.map { ($0.to, $0.ports) }),
        ]
        for (direction, peersKey, rules) in directions {
            for (r, rule) in rules.enumerated() {
                let rulePath = spec.key(direction).index(r)
                for (p, peer) in rule.0.enumerated() {
                    let peerPath = rulePath.key(peersKey).index(p)
                    let selectors = peer.podSelector != nil || peer.namespaceSelector != nil
                    if peer.ipBlock == nil, !selectors {
                        log.error(peerPath, "must have podSelector, namespaceSelector or ipBlock")
                    }
                    if peer.ipBlock != nil, selectors {
                        log.error(peerPath.key("ipBlock"), "may not be combined with podSelector or namespaceSelector")
                    }
                    if let selector = peer.podSelector { checkSelector(selector, at: peerPath.key("podSelector"), log: &log) }
                    if let selector = peer.namespaceSelector {
                        checkSelector(selector, at: peerPath.key("namespaceSelector"), log: &log)
                    }
                }
                for (q, port) in rule.1.enumerated() {
                    if case .name(let name)? = port.port, !name.isEmpty, !KubernetesNames.isPortName(name) {
                        log.error(
                            rulePath.key("ports").index(q).key("port"),
                            "must be a port number or an IANA service name (at most 15 lowercase letters, digits and '-')")
                    }
                }
            }
        }
    }

    private static func checkSelector(_ selector: LabelSelector, at path: FieldPath, log: inout IssueLog) {
        for (i, requirement) in selector.matchExpressions.enumerated() {
            let valuesPath = path.key("matchExpressions").index(i).key("values")
            switch requirement.operator {
            case .in, .notIn:
                if requirement.values.isEmpty { log.error(valuesPath, "must not be empty for \(requirement.operator.rawValue)") }
            case .exists, .doesNotExist:
                if !requirement.values.isEmpty { log.error(valuesPath, "must be empty for \(requirement.operator.rawValue)") }
            }
            for (j, value) in requirement.values.enumerated() where !KubernetesNames.isLabelValue(value) {
                log.error(valuesPath.index(j), "is not a valid label value")
            }
        }
    }
}
