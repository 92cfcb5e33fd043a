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
    private let policies: [CompiledPolicy]

    /// Compiles `policies` for evaluation; the order does not matter.
    public init(policies: [NetworkPolicy]) {
        self.policies = policies.map(CompiledPolicy.init)
    }

    /// Whether `source` may open a connection to `destination` on `proto`/`port`.
    public func allows(
        from source: ClusterEndpoint, to destination: ClusterEndpoint, protocol proto: PortProtocol, port: Int
    ) -> Bool {
        let probe = FlowPort(proto, port)
        return !allowedPorts(from: prepare(source), to: prepare(destination), among: [probe]).isEmpty
    }

    /// The members of `candidates` (in their order) on which `source` may connect to `destination`.
    public func allowedPorts(
        from source: ClusterEndpoint, to destination: ClusterEndpoint, among candidates: [FlowPort]
    ) -> [FlowPort] {
        allowedPorts(from: prepare(source), to: prepare(destination), among: candidates)
    }

    // MARK: Prepared endpoints (the flow matrix evaluates each endpoint many times)

    /// An endpoint with the policies that select it, worked out once.
    struct PreparedEndpoint {
        let endpoint: ClusterEndpoint
        /// Indices of policies selecting the pod that isolate its ingress; nil when not isolated.
        let ingressPolicies: [Int]?
        /// Indices of policies selecting the pod that isolate its egress; nil when not isolated.
        let egressPolicies: [Int]?
    }

    func prepare(_ endpoint: ClusterEndpoint) -> PreparedEndpoint {
        guard case .pod(let pod) = endpoint else {
            return PreparedEndpoint(endpoint: endpoint, ingressPolicies: nil, egressPolicies: nil)
        }
        var ingress: [Int] = []
        var egress: [Int] = []
        for (index, policy) in policies.enumerated() where policy.selects(pod) {
            if policy.isolatesIngress { ingress.append(index) }
            if policy.isolatesEgress { egress.append(index) }
        }
        return PreparedEndpoint(
            endpoint: endpoint, ingressPolicies: ingress.isEmpty ? nil : ingress,
            egressPolicies: egress.isEmpty ? nil : egress)
    }

    func allowedPorts(
        from source: PreparedEndpoint, to destination: PreparedEndpoint, among candidates: [FlowPort]
    ) -> [FlowPort] {
        let egressGate = source.egressPolicies.map { indices in
            gate(indices.lazy.flatMap { self.policies[$0].egress }, peer: destination.endpoint)
        }
        let ingressGate = destination.ingressPolicies.map { indices in
            gate(indices.lazy.flatMap { self.policies[$0].ingress }, peer: source.endpoint)
        }
        let destinationPorts: [PodPort]
        if case .pod(let pod) = destination.endpoint { destinationPorts = pod.ports } else { destinationPorts = [] }
        return candidates.filter { probe in
            (egressGate?.admits(probe, destinationPorts: destinationPorts) ?? true)
                && (ingressGate?.admits(probe, destinationPorts: destinationPorts) ?? true)
        }
    }

    /// The ports let through by the rules (of the given policies) whose peers match `peer`.
    private func gate<Rules: Sequence>(_ rules: Rules, peer: ClusterEndpoint) -> PortGate
    where Rules.Element == CompiledRule {
        var ports: [CompiledPort] = []
        for rule in rules where rule.admits(peer) {
            guard let rulePorts = rule.ports else { return .all }
            ports.append(contentsOf: rulePorts)
        }
        return .some(ports)
    }
}

/// The ports a direction lets through for one peer.
private enum PortGate {
    case all
    case some([CompiledPort])

    func admits(_ probe: FlowPort, destinationPorts: [PodPort]) -> Bool {
        switch self {
        case .all: return true
        case .some(let ports): return ports.contains { $0.admits(probe, destinationPorts: destinationPorts) }
        }
    }
}

/// A policy reduced to what evaluation reads.
private struct CompiledPolicy: Sendable {
    let namespace: String
    let podSelector: LabelSelector
    let isolatesIngress: Bool
    let isolatesEgress: Bool
    let ingress: [CompiledRule]
    let egress: [CompiledRule]

    init(_ policy: NetworkPolicy) {
        let spec = policy.spec
        namespace = policy.namespace
        podSelector = spec.podSelector
        if spec.policyTypes.isEmpty {
            isolatesIngress = true
            isolatesEgress = !spec.egress.isEmpty
        } else {
            isolatesIngress = spec.policyTypes.contains(.ingress)
            isolatesEgress = spec.policyTypes.contains(.egress)
        }
        ingress =
            isolatesIngress
            ? spec.ingress.map { CompiledRule(peers: $0.from, ports: $0.ports, namespace: policy.namespace) } : []
        egress =
            isolatesEgress
            ? spec.egress.map { CompiledRule(peers: $0.to, ports: $0.ports, namespace: policy.namespace) } : []
    }

    func selects(_ pod: ClusterPod) -> Bool {
        pod.namespace == namespace && podSelector.matches(pod.labels)
    }
}

/// One rule: peers (nil = any) and ports (nil = any).
private struct CompiledRule: Sendable {
    let peers: [CompiledPeer]?
    let ports: [CompiledPort]?

    init(peers: [NetworkPolicyPeer], ports: [NetworkPolicyPort], namespace: String) {
        self.peers = peers.isEmpty ? nil : peers.map { CompiledPeer($0, policyNamespace: namespace) }
        self.ports = ports.isEmpty ? nil : ports.map(CompiledPort.init)
    }

    func admits(_ endpoint: ClusterEndpoint) -> Bool {
        guard let peers else { return true }
        return peers.contains { $0.matches(endpoint) }
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

private struct CompiledPort: Sendable {
    enum Target: Sendable {
        case any
        case range(Int, Int)
        case named(String)
    }

    let proto: PortProtocol
    let target: Target

    init(_ port: NetworkPolicyPort) {
        proto = port.protocol
        switch port.port {
        case nil: target = .any
        case .number(let number): target = .range(number, port.endPort ?? number)
        case .name(let name): target = .named(name)
        }
    }

    func admits(_ probe: FlowPort, destinationPorts: [PodPort]) -> Bool {
        guard probe.protocol == proto else { return false }
        switch target {
        case .any:
            return true
        case .range(let low, let high):
            return low <= probe.port && probe.port <= high
        case .named(let name):
            return destinationPorts.contains { $0.name == name && $0.protocol == proto && $0.port == probe.port }
        }
    }
}
