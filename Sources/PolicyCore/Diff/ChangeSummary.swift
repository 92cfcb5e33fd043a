/// The one-line change summary of a revision (api.md "Change summary"); see
/// `PolicyDiff.changeSummary(from:to:stackName:recreated:)` for the wording.
enum ChangeSummary {
    static func summarize(from old: [NetworkPolicy]?, to new: [NetworkPolicy], stackName: String, recreated: Bool)
        -> String
    {
        guard let old, !recreated else {
            return (recreated ? "recreated: " : "created: ") + count(new, stackName: stackName)
        }
        switch (old.isEmpty, new.isEmpty) {
        case (true, true): return "no changes"
        case (false, true): return "disabled: \(plural(old.count)) removed"
        case (true, false): return "enabled: " + count(new, stackName: stackName)
        case (false, false): break
        }
        let prefix = stackName + "-"
        func short(_ name: String) -> String {
            name.hasPrefix(prefix) && name.count > prefix.count ? String(name.dropFirst(prefix.count)) : name
        }
        var parts: [String] = []
        for entry in PolicyPairing(old: old, new: new).entries {
            switch (entry.old, entry.new) {
            case (nil, let policy?): parts.append("added \(short(policy.name))")
            case (let policy?, nil): parts.append("removed \(short(policy.name))")
            case (let before?, let after?) where before != after:
                for change in changes(before, after) { parts.append("\(short(after.name)): \(change)") }
            default: break
            }
        }
        return parts.isEmpty ? "no changes" : parts.joined(separator: "; ")
    }

    /// `8 policies`, or `8 policies + 1 supplementary` when some are not generated names.
    private static func count(_ policies: [NetworkPolicy], stackName: String) -> String {
        guard !policies.isEmpty else { return "policies disabled" }
        let generated = PolicyGenerator.generatedNames(stackName: stackName)
        let supplementary = policies.count { !generated.contains($0.name) }
        let base = plural(policies.count - supplementary)
        return supplementary == 0 ? base : "\(base) + \(supplementary) supplementary"
    }

    private static func plural(_ n: Int) -> String { n == 1 ? "1 policy" : "\(n) policies" }

    /// What differs between two versions of one policy, in a fixed order.
    private static func changes(_ old: NetworkPolicy, _ new: NetworkPolicy) -> [String] {
        var result: [String] = []
        if old.namespace != new.namespace { result.append("namespace \(old.namespace) → \(new.namespace)") }
        if old.labels != new.labels { result.append("labels changed") }
        if old.spec.podSelector != new.spec.podSelector { result.append("pod selector changed") }
        if old.spec.policyTypes != new.spec.policyTypes {
            result.append("policy types \(types(old.spec.policyTypes)) → \(types(new.spec.policyTypes))")
        }
        let directions: [(String, [RuleView], [RuleView])] = [
            ("ingress", old.spec.ingress.map { RuleView($0.from, $0.ports) }, new.spec.ingress.map { RuleView($0.from, $0.ports) }),
            ("egress", old.spec.egress.map { RuleView($0.to, $0.ports) }, new.spec.egress.map { RuleView($0.to, $0.ports) }),
        ]
        for (direction, before, after) in directions where before != after {
            let portsBefore = portSummary(before)
            let portsAfter = portSummary(after)
            let peersChanged = peerSet(before) != peerSet(after)
            if portsBefore != portsAfter { result.append("\(direction) ports \(portsBefore) → \(portsAfter)") }
            if peersChanged { result.append("\(direction) peers changed") }
            if portsBefore == portsAfter, !peersChanged { result.append("\(direction) rules changed") }
        }
        return result
    }

    private static func types(_ types: [PolicyType]) -> String {
        types.isEmpty ? "none" : types.map(\.rawValue).joined(separator: ", ")
    }

    /// A rule of either direction: its peers and ports.
    private struct RuleView: Equatable {
        let peers: [NetworkPolicyPeer]
        let ports: [NetworkPolicyPort]
        init(_ peers: [NetworkPolicyPeer], _ ports: [NetworkPolicyPort]) {
            self.peers = peers
            self.ports = ports
        }
    }

    /// Every peer of the rules (nil = a rule open to any peer).
    private static func peerSet(_ rules: [RuleView]) -> Set<NetworkPolicyPeer?> {
        var set: Set<NetworkPolicyPeer?> = []
        for rule in rules {
            if rule.peers.isEmpty { set.insert(nil) } else { for peer in rule.peers { set.insert(peer) } }
        }
        return set
    }

    /// The ports of all rules, sorted and unique: `9093, 53/UDP, 8000-8080, http, all UDP,
    /// all ports`; `none` without rules.
    private static func portSummary(_ rules: [RuleView]) -> String {
        guard !rules.isEmpty else { return "none" }
        var items: [PortItem] = []
        for rule in rules {
            if rule.ports.isEmpty { items.append(PortItem(rank: 3, number: 0, proto: .tcp, name: "")) }
            for port in rule.ports {
                switch port.port {
                case .number(let number):
                    items.append(PortItem(rank: 0, number: number, end: port.endPort, proto: port.protocol, name: ""))
                case .name(let name): items.append(PortItem(rank: 1, number: 0, proto: port.protocol, name: name))
                case nil: items.append(PortItem(rank: 2, number: 0, proto: port.protocol, name: ""))
                }
            }
        }
        var unique: [PortItem] = []
        for item in items.sorted() where unique.last != item { unique.append(item) }
        return unique.map(\.text).joined(separator: ", ")
    }

    private struct PortItem: Comparable {
        let rank: Int  // 0 number/range, 1 named, 2 all of a protocol, 3 all ports
        let number: Int
        var end: Int?
        let proto: PortProtocol
        let name: String

        init(rank: Int, number: Int, end: Int? = nil, proto: PortProtocol, name: String) {
            self.rank = rank
            self.number = number
            self.end = end
            self.proto = proto
            self.name = name
        }

        static func < (a: PortItem, b: PortItem) -> Bool {
            if a.rank != b.rank { return a.rank < b.rank }
            if a.number != b.number { return a.number < b.number }
            if (a.end ?? a.number) != (b.end ?? b.number) { return (a.end ?? a.number) < (b.end ?? b.number) }
            if a.proto != b.proto { return a.proto < b.proto }
            return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }

        var text: String {
            let suffix = proto == .tcp ? "" : "/\(proto.rawValue)"
            switch rank {
            case 0: return (end.map { "\(number)-\($0)" } ?? String(number)) + suffix
            case 1: return name + suffix
            case 2: return "all \(proto.rawValue)"
            default: return "all ports"
            }
        }
    }
}
