/// Kubernetes NetworkPolicy semantics over a cluster model.
///
/// - A policy applies only to pods of its own namespace that its `podSelector` selects.
/// - A pod is isolated for a direction when any policy selecting it lists that
///   direction in `policyTypes` (omitted `policyTypes` means `Ingress`, plus `Egress`
///   when the policy has egress rules, as the API server defaults it). Rules of a
///   direction the policy does not list are ignored.
/// - Rules within and across policies are ORed. An omitted (empty) peer list or port
///   list means "all".
/// - A peer with `podSelector` and/or `namespaceSelector` matches pods only: an absent
///   `namespaceSelector` means the policy's own namespace, an absent `podSelector`
///   every pod of the selected namespaces. An `ipBlock` peer (`cidr` minus `except`)
///   matches outside addresses only, never a pod of the model. A peer with neither, or
///   with an `ipBlock` beside a selector, or with an unparsable CIDR, is one the API
///   server rejects: it matches nothing.
/// - A port matches by protocol and number, by `port…endPort` range, or by name,
///   resolved against the destination pod's named container ports (a destination
///   without such a port, or outside the cluster, never matches a named port). A port
///   entry without `port` is every port of its protocol.
/// - A connection is allowed iff the source's egress allows it (or the source is
///   outside the cluster, or not isolated for egress) and the destination's ingress
///   allows it (or the destination is outside, or not isolated for ingress).
public struct PolicyEvaluator: Sendable {
    // Flat tables of plain values: evaluation walks them without reference counting.
    private let policies: [CompiledPolicy]
    /// Per policy, its ingress and egress rules as ranges of `rules` (empty for a direction it does not isolate).
    private let ingressRules: [Range<Int>]
    private let egressRules: [Range<Int>]
    private let rules: [CompiledRule]
    /// Peer indices of the rules, rule by rule.
    private let rulePeers: [Int]
    private let ports: [CompiledPort]
    /// Every peer of every rule, once.
    private let peers: [CompiledPeer]
    /// Port names that rules use; named ports refer to them by index.
    private let portNames: [String]

    /// Compiles `policies` for evaluation; the order does not matter.
    public init(policies: [NetworkPolicy]) {
        var tables = Tables()
        self.policies = policies.map { tables.add($0) }
        ingressRules = self.policies.map(\.ingress)
        egressRules = self.policies.map(\.egress)
        rules = tables.rules
        rulePeers = tables.rulePeers
        ports = tables.ports
        peers = tables.peers
        portNames = tables.portNames
    }

    /// Whether `source` may open a connection to `destination` on `proto`/`port`.
    public func allows(
        from source: ClusterEndpoint, to destination: ClusterEndpoint, protocol proto: PortProtocol, port: Int
    ) -> Bool {
        allows(FlowPort(proto, port), from: 0, to: 1, in: prepare([source, destination]))
    }

    /// The members of `candidates` (in their order) on which `source` may connect to `destination`.
    public func allowedPorts(
        from source: ClusterEndpoint, to destination: ClusterEndpoint, among candidates: [FlowPort]
    ) -> [FlowPort] {
        let prepared = prepare([source, destination])
        return candidates.filter { allows($0, from: 0, to: 1, in: prepared) }
    }

    // MARK: Prepared endpoints (the flow matrix evaluates each endpoint many times)

    /// Endpoints with the policies that select them, the peers that match them and their
    /// named ports, worked out once, in flat tables (evaluation then counts no references).
    struct PreparedEndpoints {
        /// Per endpoint: ranges of `policyIndices` (nil when not isolated for the direction),
        /// of `matchedPeers` and of `namedPorts`.
        struct Entry {
            let ingressPolicies: Range<Int>?
            let egressPolicies: Range<Int>?
            let matchedPeers: Range<Int>
            let namedPorts: Range<Int>
        }

        var entries: [Entry] = []
        var policyIndices: [Int] = []
        var matchedPeers: [Bool] = []
        var namedPorts: [NamedPort] = []
    }

    /// A container port whose name is `portNames[name]`.
    struct NamedPort {
        let name: Int
        let proto: PortProtocol
        let port: Int
    }

    func prepare(_ endpoints: [ClusterEndpoint]) -> PreparedEndpoints {
        var set = PreparedEndpoints()
        set.entries.reserveCapacity(endpoints.count)
        set.matchedPeers.reserveCapacity(endpoints.count * peers.count)
        for endpoint in endpoints {
            let peerStart = set.matchedPeers.count
            // Index loops borrow the elements (a `for … in` copy would retain their selectors).
            for i in peers.indices { set.matchedPeers.append(peers[i].matches(endpoint)) }
            let matched = peerStart..<set.matchedPeers.count
            guard case .pod(let pod) = endpoint else {
                set.entries.append(.init(ingressPolicies: nil, egressPolicies: nil, matchedPeers: matched, namedPorts: 0..<0))
                continue
            }
            let ingressStart = set.policyIndices.count
            for i in policies.indices where policies[i].isolatesIngress && policies[i].selects(pod) {
                set.policyIndices.append(i)
            }
            let egressStart = set.policyIndices.count
            for i in policies.indices where policies[i].isolatesEgress && policies[i].selects(pod) {
                set.policyIndices.append(i)
            }
            let end = set.policyIndices.count
            let namedStart = set.namedPorts.count
            for port in pod.ports {
                if let name = port.name, let index = portNames.firstIndex(of: name) {
                    set.namedPorts.append(NamedPort(name: index, proto: port.protocol, port: port.port))
                }
            }
            set.entries.append(
                .init(
                    ingressPolicies: ingressStart == egressStart ? nil : ingressStart..<egressStart,
                    egressPolicies: egressStart == end ? nil : egressStart..<end, matchedPeers: matched,
                    namedPorts: namedStart..<set.namedPorts.count))
        }
        return set
    }

    /// Whether endpoint `source` may connect to endpoint `destination` (indices in `set`) on
    /// `probe`: its egress allows it (or is not isolated) and the destination's ingress
    /// allows it (or is not isolated).
    func allows(_ probe: FlowPort, from source: Int, to destination: Int, in set: PreparedEndpoints) -> Bool {
        let from = set.entries[source]
        let to = set.entries[destination]
        if let policies = from.egressPolicies,
            !admits(probe, policies: policies, rules: egressRules, peer: to, destination: to, in: set)
        {
            return false
        }
        if let policies = to.ingressPolicies,
            !admits(probe, policies: policies, rules: ingressRules, peer: from, destination: to, in: set)
        {
            return false
        }
        return true
    }

    /// The policies (indices in the order given to `init`, ascending) that let `probe` through
    /// from `source` to `destination`: those of the source's egress and of the destination's
    /// ingress with a rule admitting it. Nil when the connection is not allowed; empty when
    /// it is allowed because neither side is isolated.
    func admittingPolicies(_ probe: FlowPort, from source: Int, to destination: Int, in set: PreparedEndpoints) -> [Int]? {
        let from = set.entries[source]
        let to = set.entries[destination]
        var result: [Int] = []
        for (slots, ruleRanges, peer) in [(from.egressPolicies, egressRules, to), (to.ingressPolicies, ingressRules, from)] {
            guard let slots else { continue }
            var any = false
            for slot in slots {
                let policy = set.policyIndices[slot]
                if admits(probe, policies: slot..<slot + 1, rules: ruleRanges, peer: peer, destination: to, in: set) {
                    if !result.contains(policy) { result.append(policy) }
                    any = true
                }
            }
            if !any { return nil }
        }
        return result.sorted()
    }

    /// Whether any rule of the given policies (one direction), whose peers match `peer`,
    /// lets `probe` through to `destination`.
    private func admits(
        _ probe: FlowPort, policies: Range<Int>, rules ruleRanges: [Range<Int>], peer: PreparedEndpoints.Entry,
        destination: PreparedEndpoints.Entry, in set: PreparedEndpoints
    ) -> Bool {
        for slot in policies {
            for ruleIndex in ruleRanges[set.policyIndices[slot]] {
                let rule = rules[ruleIndex]
                if !rule.peers.isEmpty {
                    var matched = false
                    for k in rule.peers where set.matchedPeers[peer.matchedPeers.lowerBound + rulePeers[k]] {
                        matched = true
                        break
                    }
                    if !matched { continue }
                }
                if rule.ports.isEmpty { return true }
                for portIndex in rule.ports {
                    if ports[portIndex].admits(probe, named: set.namedPorts, destination.namedPorts) { return true }
                }
            }
        }
        return false
    }
}

/// Builds the evaluator's flat tables.
private struct Tables {
    var rules: [CompiledRule] = []
    var rulePeers: [Int] = []
    var ports: [CompiledPort] = []
    var peers: [CompiledPeer] = []
    var portNames: [String] = []

    mutating func add(_ policy: NetworkPolicy) -> CompiledPolicy {
        let spec = policy.spec
        let isolatesIngress: Bool
        let isolatesEgress: Bool
        if spec.policyTypes.isEmpty {
            isolatesIngress = true
            isolatesEgress = !spec.egress.isEmpty
        } else {
            isolatesIngress = spec.policyTypes.contains(.ingress)
            isolatesEgress = spec.policyTypes.contains(.egress)
        }
        // Rules of a direction the policy does not list are ignored.
        let ingressStart = rules.count
        if isolatesIngress {
            for rule in spec.ingress { addRule(rule.from, rule.ports, namespace: policy.namespace) }
        }
        let egressStart = rules.count
        if isolatesEgress {
            for rule in spec.egress { addRule(rule.to, rule.ports, namespace: policy.namespace) }
        }
        return CompiledPolicy(
            namespace: policy.namespace, podSelector: spec.podSelector, isolatesIngress: isolatesIngress,
            isolatesEgress: isolatesEgress, ingress: ingressStart..<egressStart, egress: egressStart..<rules.count)
    }

    private mutating func addRule(_ rulePeerList: [NetworkPolicyPeer], _ rulePorts: [NetworkPolicyPort], namespace: String) {
        let peerStart = rulePeers.count
        for peer in rulePeerList {
            rulePeers.append(peers.count)
            peers.append(CompiledPeer(peer, policyNamespace: namespace))
        }
        let portStart = ports.count
        for port in rulePorts { ports.append(compile(port)) }
        rules.append(CompiledRule(peers: peerStart..<rulePeers.count, ports: portStart..<ports.count))
    }

    private mutating func compile(_ port: NetworkPolicyPort) -> CompiledPort {
        switch port.port {
        case nil:
            return CompiledPort(proto: port.protocol, low: Int.min, high: Int.max, name: -1)
        case .number(let number):
            return CompiledPort(proto: port.protocol, low: number, high: port.endPort ?? number, name: -1)
        case .name(let name):
            let index = portNames.firstIndex(of: name) ?? portNames.count
            if index == portNames.count { portNames.append(name) }
            return CompiledPort(proto: port.protocol, low: 0, high: -1, name: index)
        }
    }
}

/// A policy reduced to what evaluation reads; its rules are ranges of the rule table.
private struct CompiledPolicy: Sendable {
    let namespace: String
    let podSelector: LabelSelector
    let isolatesIngress: Bool
    let isolatesEgress: Bool
    let ingress: Range<Int>
    let egress: Range<Int>

    func selects(_ pod: ClusterPod) -> Bool {
        pod.namespace == namespace && podSelector.matches(pod.labels)
    }
}

/// One rule: ranges of the peer-index and port tables (an empty range = any peer / any port).
private struct CompiledRule: Sendable {
    let peers: Range<Int>
    let ports: Range<Int>
}

/// A port entry: a protocol and an inclusive range (`low…high`; every port of the protocol
/// for an entry without `port`; empty when `endPort` is below `port`), or a name.
private struct CompiledPort: Sendable {
    let proto: PortProtocol
    let low: Int
    let high: Int
    /// Index into the evaluator's port names, -1 for a numeric entry.
    let name: Int

    /// Whether `probe` matches; a named entry resolves against `named[range]` (the
    /// destination's named container ports).
    func admits(_ probe: FlowPort, named: [PolicyEvaluator.NamedPort], _ range: Range<Int>) -> Bool {
        guard probe.protocol == proto else { return false }
        if name < 0 { return low <= probe.port && probe.port <= high }
        for i in range where named[i].name == name && named[i].proto == proto && named[i].port == probe.port {
            return true
        }
        return false
    }

}

private enum CompiledPeer: Sendable {
    /// Pods selected by pod and namespace selectors (nil namespace selector = `ownNamespace` only).
    case pods(podSelector: LabelSelector, namespaceSelector: LabelSelector?, ownNamespace: String)
    /// Outside addresses in `cidr` and in none of `except`.
    case block(CIDRBlock, except: [CIDRBlock])
    /// A peer the API server would reject.
    case nothing

    init(_ peer: NetworkPolicyPeer, policyNamespace: String) {
        if let ipBlock = peer.ipBlock {
            guard peer.podSelector == nil, peer.namespaceSelector == nil, let cidr = CIDRBlock(ipBlock.cidr) else {
                self = .nothing
                return
            }
            var except: [CIDRBlock] = []
            for text in ipBlock.except {
                guard let block = CIDRBlock(text) else {
                    self = .nothing
                    return
                }
                except.append(block)
            }
            self = .block(cidr, except: except)
        } else if peer.podSelector == nil, peer.namespaceSelector == nil {
            self = .nothing
        } else {
            self = .pods(
                podSelector: peer.podSelector ?? .everything, namespaceSelector: peer.namespaceSelector,
                ownNamespace: policyNamespace)
        }
    }

    func matches(_ endpoint: ClusterEndpoint) -> Bool {
        switch (self, endpoint) {
        case (.pods(let podSelector, let namespaceSelector, let ownNamespace), .pod(let pod)):
            if let namespaceSelector {
                guard namespaceSelector.matches(pod.namespaceLabels) else { return false }
            } else {
                guard pod.namespace == ownNamespace else { return false }
            }
            return podSelector.matches(pod.labels)
        case (.block(let cidr, let except), .outside(let address)):
            return cidr.contains(address) && !except.contains { $0.contains(address) }
        default:
            return false
        }
    }
}
