@testable import PolicyCore

/// Seeded random NetworkPolicies and edits of them, for the diff's property tests. Small
/// alphabets on purpose: repeated rules, peers, ports and values make alignment ties.
struct RandomPolicies {
    var rng: SplitMix

    init(seed: UInt64) { rng = SplitMix(seed: seed) }

    mutating func below(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }

    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func labels(_ count: Int) -> LabelMap {
        LabelMap((0..<count).map { _ in (pick(["app", "a/b", "a~c", "tier", "é", "zone"]), pick(["x", "y", "loki", ""])) })
    }

    mutating func selector() -> LabelSelector {
        LabelSelector(
            matchLabels: labels(below(3)),
            matchExpressions: (0..<below(3)).map { _ in
                let op = pick(LabelSelectorRequirement.Operator.allCases)
                let values = op == .in || op == .notIn ? values(1 + below(4)) : []
                return LabelSelectorRequirement(key: pick(["k", "app", "x/y"]), operator: op, values: values)
            })
    }

    mutating func values(_ count: Int) -> [String] { (0..<count).map { _ in pick(["a", "b", "c", "d"]) } }

    mutating func port() -> NetworkPolicyPort {
        let proto = pick(PortProtocol.allCases)
        switch below(5) {
        case 0: return NetworkPolicyPort(proto, port: nil)
        case 1: return NetworkPolicyPort(proto, port: .name(pick(["http", "grpc", "dns"])))
        case 2: return NetworkPolicyPort(proto, port: .number(pick([53, 80])), endPort: pick([90, 100]))
        default: return NetworkPolicyPort(proto, port: .number(pick([53, 80, 443, 3100, 9093])))
        }
    }

    mutating func peer() -> NetworkPolicyPeer {
        var peer = NetworkPolicyPeer()
        if chance(25) {
            peer.ipBlock = IPBlock(cidr: pick(["10.0.0.0/8", "0.0.0.0/0"]), except: (0..<below(3)).map { _ in pick(["10.1.0.0/16", "10.2.0.0/16"]) })
        } else {
            if chance(60) { peer.namespaceSelector = selector() }
            if chance(60) { peer.podSelector = selector() }
        }
        return peer
    }

    mutating func peers() -> [NetworkPolicyPeer] { (0..<below(4)).map { _ in peer() } }

    mutating func ports() -> [NetworkPolicyPort] { (0..<below(4)).map { _ in port() } }

    mutating func policy() -> NetworkPolicy {
        NetworkPolicy(
            name: "p", namespace: pick(["loki", "other"]), labels: labels(below(4)),
            spec: NetworkPolicySpec(
                podSelector: selector(),
                policyTypes: pick([[], [.ingress], [.egress], [.ingress, .egress], [.egress, .ingress]]),
                ingress: (0..<below(5)).map { _ in NetworkPolicyIngressRule(from: peers(), ports: ports()) },
                egress: (0..<below(5)).map { _ in NetworkPolicyEgressRule(to: peers(), ports: ports()) }))
    }

    /// `policy` with 1–6 edits: items inserted, removed, moved or replaced in the rule,
    /// peer, port and selector value lists, scalars and labels changed.
    mutating func edited(_ policy: NetworkPolicy) -> NetworkPolicy {
        var policy = policy
        for _ in 0..<(1 + below(6)) {
            switch below(9) {
            case 0: policy.spec.egress = edit(policy.spec.egress, fresh: NetworkPolicyEgressRule(to: peers(), ports: ports()))
            case 1: policy.spec.ingress = edit(policy.spec.ingress, fresh: NetworkPolicyIngressRule(from: peers(), ports: ports()))
            case 2:
                guard !policy.spec.egress.isEmpty else { continue }
                let i = below(policy.spec.egress.count)
                if chance(50) {
                    policy.spec.egress[i].ports = edit(policy.spec.egress[i].ports, fresh: port())
                } else {
                    policy.spec.egress[i].to = edit(policy.spec.egress[i].to, fresh: peer())
                }
            case 3:
                guard !policy.spec.ingress.isEmpty else { continue }
                let i = below(policy.spec.ingress.count)
                if chance(50) {
                    policy.spec.ingress[i].ports = edit(policy.spec.ingress[i].ports, fresh: port())
                } else {
                    policy.spec.ingress[i].from = edit(policy.spec.ingress[i].from, fresh: peer())
                }
            case 4:
                if policy.spec.podSelector.matchExpressions.isEmpty {
                    policy.spec.podSelector.matchExpressions = [LabelSelectorRequirement(key: "k", operator: .in, values: values(3))]
                }
                let i = below(policy.spec.podSelector.matchExpressions.count)
                let values = policy.spec.podSelector.matchExpressions[i].values
                policy.spec.podSelector.matchExpressions[i].values = edit(values, fresh: pick(["a", "b", "e"]))
            case 5: policy.labels = labels(below(4))
            case 6: policy.namespace = pick(["loki", "other", "x"])
            case 7: policy.spec.policyTypes = pick([[], [.ingress], [.egress], [.ingress, .egress], [.egress, .ingress]])
            default: policy.spec.podSelector = selector()
            }
        }
        return policy
    }

    /// `list` with one random edit: an item inserted (`fresh`), removed, moved, two
    /// swapped, or one replaced by `fresh`.
    private mutating func edit<T>(_ list: [T], fresh: T) -> [T] {
        var list = list
        switch list.isEmpty ? 0 : below(5) {
        case 0: list.insert(fresh, at: below(list.count + 1))
        case 1: list.remove(at: below(list.count))
        case 2:
            let item = list.remove(at: below(list.count))
            list.insert(item, at: below(list.count + 1))
        case 3: list.swapAt(below(list.count), below(list.count))
        default: list[below(list.count)] = fresh
        }
        return list
    }
}
