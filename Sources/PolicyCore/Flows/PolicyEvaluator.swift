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
///
/// Cost, bounded by construction (docs/limits.md "Work"): identical port lists are compiled
/// once; `prepare` matches each peer against each endpoint once and evaluates each distinct port
/// list against each endpoint's probed ports once (a bit mask);
/// a (source, destination) pair then costs one look-up per rule and one mask OR per matching
/// rule, whatever the number of ports probed. Nothing is evaluated per peer × port × probe.
public struct PolicyEvaluator: Sendable {
    // Flat tables of plain values: evaluation walks them without reference counting.
    private let policies: [CompiledPolicy]
    /// Per policy, its ingress and egress rules as ranges of `rules` (empty for a direction it does not isolate).
    private let ingressRules: [Range<Int>]
    private let egressRules: [Range<Int>]
    private let rules: [CompiledRule]
    /// Peer indices of the rules, rule by rule.
    private let rulePeers: [Int]
    /// Every peer of every rule, once.
    private let peers: [CompiledPeer]
    /// Every distinct port list of every rule, once, as a range of `ports` (empty = every port).
    private let portLists: [Range<Int>]
    private let ports: [CompiledPort]
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
        peers = tables.peers
        portLists = tables.portLists
        ports = tables.ports
        portNames = tables.portNames
    }

    /// Whether `source` may open a connection to `destination` on `proto`/`port`.
    public func allows(
        from source: ClusterEndpoint, to destination: ClusterEndpoint, protocol proto: PortProtocol, port: Int
    ) -> Bool {
        !allowedPorts(from: source, to: destination, among: [FlowPort(proto, port)]).isEmpty
    }

    /// The members of `candidates` (in their order) on which `source` may connect to `destination`.
    public func allowedPorts(
        from source: ClusterEndpoint, to destination: ClusterEndpoint, among candidates: [FlowPort]
    ) -> [FlowPort] {
        var work = 0
        let prepared = prepare([source, destination], probing: [[], candidates], work: &work)
        let verdicts = self.verdicts(from: 0, to: 1, in: prepared, attributed: false, work: &work)
        return candidates.filter { verdicts[prepared.probeIndex(of: $0, at: 1)] != nil }
    }

    // MARK: Prepared endpoints (the flow matrix evaluates each endpoint many times)

    /// Endpoints with the policies that select them, the rules whose peers match them and, per
    /// distinct port list, the mask of their probed ports the list admits, worked out once, in
    /// flat tables (evaluation then counts no references).
    struct PreparedEndpoints {
        /// Per endpoint: ranges of `policyIndices` (nil when not isolated for the direction),
        /// of `ruleMatches` (one per rule) and of `probePorts`, and where its port masks start.
        struct Entry {
            let ingressPolicies: Range<Int>?
            let egressPolicies: Range<Int>?
            let ruleMatches: Range<Int>
            /// The ports probed on the endpoint, distinct, sorted by protocol then port.
            let probePorts: Range<Int>
            /// Words of one mask (one bit per probed port).
            let maskWords: Int
            /// Start in `masks` of the endpoint's masks: one per distinct port list, `maskWords` each.
            let masks: Int
        }

        var entries: [Entry] = []
        var policyIndices: [Int] = []
        /// Per endpoint, per rule: whether one of the rule's peers matches the endpoint (or the rule has none).
        var ruleMatches: [Bool] = []
        var probePorts: [FlowPort] = []
        var masks: [UInt64] = []

        /// The position of `port` among the ports probed on endpoint `endpoint` (it must be one of them).
        func probeIndex(of port: FlowPort, at endpoint: Int) -> Int {
            let range = entries[endpoint].probePorts
            return PolicyEvaluator.lowerBound(of: (port.protocol, port.port), in: probePorts, range) - range.lowerBound
        }
    }

    /// A container port whose name is `portNames[name]`.
    private struct NamedPort {
        let name: Int
        let proto: PortProtocol
        let port: Int
    }

    /// Prepares `endpoints`; `probing[i]` lists the ports that will be probed on endpoint `i` as a
    /// destination (verdicts are per port of that list). Adds the operations spent to `work`:
    /// one per endpoint × (policy, peer, rule, rule peer) and, per endpoint with probed
    /// ports, per distinct port list × (1 + mask words) and per port entry × (1 + mask words
    /// it fills, or named ports it reads).
    func prepare(_ endpoints: [ClusterEndpoint], probing: [[FlowPort]], work: inout Int) -> PreparedEndpoints {
        var set = PreparedEndpoints()
        set.entries.reserveCapacity(endpoints.count)
        set.ruleMatches.reserveCapacity(endpoints.count * rules.count)
        var peerMatches = [Bool](repeating: false, count: peers.count)
        for (e, endpoint) in endpoints.enumerated() {
            // Index loops borrow the elements (a `for … in` copy would retain their selectors).
            for i in peers.indices { peerMatches[i] = peers[i].matches(endpoint) }
            let ruleStart = set.ruleMatches.count
            for r in rules.indices {
                let peerRange = rules[r].peers
                var matched = peerRange.isEmpty
                for k in peerRange where peerMatches[rulePeers[k]] {
                    matched = true
                    break
                }
                set.ruleMatches.append(matched)
            }
            work += peers.count + rules.count + rulePeers.count
            let matched = ruleStart..<set.ruleMatches.count

            var ingressPolicies: Range<Int>?
            var egressPolicies: Range<Int>?
            var named: [NamedPort] = []
            if case .pod(let pod) = endpoint {
                let ingressStart = set.policyIndices.count
                for i in policies.indices where policies[i].isolatesIngress && policies[i].selects(pod) {
                    set.policyIndices.append(i)
                }
                let egressStart = set.policyIndices.count
                for i in policies.indices where policies[i].isolatesEgress && policies[i].selects(pod) {
                    set.policyIndices.append(i)
                }
                let end = set.policyIndices.count
                work += 2 * policies.count
                ingressPolicies = ingressStart == egressStart ? nil : ingressStart..<egressStart
                egressPolicies = egressStart == end ? nil : egressStart..<end
                for port in pod.ports {
                    if let name = port.name, let index = portNames.firstIndex(of: name) {
                        named.append(NamedPort(name: index, proto: port.protocol, port: port.port))
                    }
                }
            }

            let probed = Self.sortedDistinct(e < probing.count ? probing[e] : [])
            let probeStart = set.probePorts.count
            set.probePorts.append(contentsOf: probed)
            let probeRange = probeStart..<set.probePorts.count
            let words = (probed.count + 63) / 64
            let maskStart = set.masks.count
            if words > 0 {
                for list in portLists.indices {
                    let base = set.masks.count
                    set.masks.append(contentsOf: repeatElement(0, count: words))
                    work += 1 + words
                    fillMask(list, base: base, words: words, probed: probeRange, named: named, in: &set, work: &work)
                }
            }
            set.entries.append(
                .init(
                    ingressPolicies: ingressPolicies, egressPolicies: egressPolicies, ruleMatches: matched,
                    probePorts: probeRange, maskWords: words, masks: maskStart))
        }
        return set
    }

    /// Sets the bits of the probed ports (`set.probePorts[probed]`) that port list `list` admits in
    /// the mask at `set.masks[base..<base + words]`.
    private func fillMask(
        _ list: Int, base: Int, words: Int, probed: Range<Int>, named: [NamedPort], in set: inout PreparedEndpoints,
        work: inout Int
    ) {
        let entries = portLists[list]
        if entries.isEmpty {
            Self.setBits(0..<probed.count, base: base, in: &set.masks)
            work += words
            return
        }
        for i in entries {
            let entry = ports[i]
            work += 1
            if entry.name >= 0 {
                work += named.count
                for port in named where port.name == entry.name && port.proto == entry.proto {
                    let at = Self.lowerBound(of: (port.proto, port.port), in: set.probePorts, probed)
                    if at < probed.upperBound, set.probePorts[at] == FlowPort(port.proto, port.port) {
                        Self.setBits(at - probed.lowerBound..<at - probed.lowerBound + 1, base: base, in: &set.masks)
                    }
                }
                continue
            }
            guard entry.low <= entry.high else { continue }
            let low = Self.lowerBound(of: (entry.proto, entry.low), in: set.probePorts, probed)
            let high =
                entry.high == Int.max
                ? Self.lowerBound(of: (entry.proto, Int.max), in: set.probePorts, probed, orEqual: true)
                : Self.lowerBound(of: (entry.proto, entry.high + 1), in: set.probePorts, probed)
            guard low < high else { continue }
            Self.setBits(low - probed.lowerBound..<high - probed.lowerBound, base: base, in: &set.masks)
            work += (high - low + 63) / 64
        }
    }

    /// Per port probed on `destination` (`PreparedEndpoints.Entry.probePorts` order): nil when the
    /// connection from `source` is refused; else the policies (indices in the order given to
    /// `init`, ascending) that let it through: those of the source's egress and of the
    /// destination's ingress with a rule admitting it — only when `attributed`, empty otherwise
    /// (and empty when it is allowed because neither side is isolated).
    ///
    /// Adds the operations spent to `work`: per isolating policy of either side 1 + mask words,
    /// per rule of it 1, per matching rule the mask words, and, attributed, per admitting policy
    /// and port 1.
    func verdicts(
        from source: Int, to destination: Int, in set: PreparedEndpoints, attributed: Bool, work: inout Int
    ) -> [[Int]?] {
        let from = set.entries[source]
        let to = set.entries[destination]
        let count = to.probePorts.count
        let words = to.maskWords
        var allowed = [UInt64](repeating: ~0, count: words)
        var admitting = [[Int]](repeating: [], count: attributed ? count : 0)
        var side = [UInt64](repeating: 0, count: words)
        var policyMask = [UInt64](repeating: 0, count: words)
        // Egress of the source (its peer is the destination), then ingress of the destination (its peer is the source).
        for (slots, ruleRanges, peer) in [(from.egressPolicies, egressRules, to), (to.ingressPolicies, ingressRules, from)] {
            guard let slots else { continue }
            for w in 0..<words { side[w] = 0 }
            for slot in slots {
                let policy = set.policyIndices[slot]
                for w in 0..<words { policyMask[w] = 0 }
                work += 1 + words
                for r in ruleRanges[policy] {
                    work += 1
                    guard set.ruleMatches[peer.ruleMatches.lowerBound + r] else { continue }
                    let mask = to.masks + rules[r].portList * words
                    for w in 0..<words { policyMask[w] |= set.masks[mask + w] }
                    work += words
                }
                for w in 0..<words {
                    side[w] |= policyMask[w]
                    guard attributed else { continue }
                    var bits = policyMask[w]
                    while bits != 0 {
                        admitting[w * 64 + bits.trailingZeroBitCount].append(policy)
                        bits &= bits - 1
                        work += 1
                    }
                }
            }
            for w in 0..<words { allowed[w] &= side[w] }
        }
        return (0..<count).map { i in
            guard allowed[i / 64] & (1 << UInt64(i % 64)) != 0 else { return nil }
            guard attributed else { return [] }
            var policies = admitting[i]
            policies.sort()
            var distinct: [Int] = []
            for policy in policies where distinct.last != policy { distinct.append(policy) }
            return distinct
        }
    }

    // MARK: Sorted probe ports (by protocol, then port: a numeric port entry is a contiguous run)

    /// `ports` sorted by protocol then port, duplicates removed.
    private static func sortedDistinct(_ ports: [FlowPort]) -> [FlowPort] {
        let sorted = ports.sorted { ($0.protocol, $0.port) < ($1.protocol, $1.port) }
        var result: [FlowPort] = []
        result.reserveCapacity(sorted.count)
        for port in sorted where result.last != port { result.append(port) }
        return result
    }

    /// The first index of `range` in `ports` (sorted by protocol then port) whose port is not
    /// below `key` (above it, with `orEqual`); `range.upperBound` when there is none.
    private static func lowerBound(
        of key: (PortProtocol, Int), in ports: [FlowPort], _ range: Range<Int>, orEqual: Bool = false
    ) -> Int {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let middle = low + (high - low) / 2
            let probe = (ports[middle].protocol, ports[middle].port)
            if probe < key || (orEqual && probe == key) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Sets bits `bits` of the mask starting at `masks[base]`.
    private static func setBits(_ bits: Range<Int>, base: Int, in masks: inout [UInt64]) {
        var bit = bits.lowerBound
        while bit < bits.upperBound {
            let word = bit / 64
            let first = bit % 64
            let last = min(64, first + (bits.upperBound - bit))
            let ones: UInt64 = last - first == 64 ? ~0 : ((1 << UInt64(last - first)) - 1) << UInt64(first)
            masks[base + word] |= ones
            bit += last - first
        }
    }
}

/// Builds the evaluator's flat tables, compiling each distinct port list once. (Peers are not
/// shared: hashing a peer costs about as much as matching it against every endpoint.)
private struct Tables {
    var rules: [CompiledRule] = []
    var rulePeers: [Int] = []
    var peers: [CompiledPeer] = []
    var portLists: [Range<Int>] = []
    var ports: [CompiledPort] = []
    var portNames: [String] = []
    /// Port list → index in `portLists`.
    private var portListIndex: [[NetworkPolicyPort]: Int] = [:]

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
        let list: Int
        if let index = portListIndex[rulePorts] {
            list = index
        } else {
            let portStart = ports.count
            for port in rulePorts { ports.append(compile(port)) }
            list = portLists.count
            portListIndex[rulePorts] = list
            portLists.append(portStart..<ports.count)
        }
        rules.append(CompiledRule(peers: peerStart..<rulePeers.count, portList: list))
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

/// One rule: a range of the peer-index table (empty = any peer) and a distinct port list.
private struct CompiledRule: Sendable {
    let peers: Range<Int>
    /// Index in `PolicyEvaluator.portLists`.
    let portList: Int
}

/// A port entry: a protocol and an inclusive range (`low…high`; every port of the protocol
/// for an entry without `port`; empty when `endPort` is below `port`), or a name.
private struct CompiledPort: Sendable {
    let proto: PortProtocol
    let low: Int
    let high: Int
    /// Index into the evaluator's port names, -1 for a numeric entry.
    let name: Int
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
