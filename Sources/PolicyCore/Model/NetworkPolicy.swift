/// A Kubernetes `networking.k8s.io/v1` NetworkPolicy as a typed value.
///
/// General enough to hold any NetworkPolicy (it is also decoded back from rendered
/// output for diffs and flow evaluation), but built by the generator only from the
/// shapes in `network-policies.md` §3–§4. Lists keep the order they were built in;
/// encoders sort map keys (§8).
public struct NetworkPolicy: Sendable, Hashable {
    /// `metadata.name`.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String
    /// `metadata.labels`, kept sorted by key.
    public var labels: LabelMap
    /// `spec`.
    public var spec: NetworkPolicySpec

    public init(name: String, namespace: String, labels: LabelMap, spec: NetworkPolicySpec) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.spec = spec
    }
}

/// `NetworkPolicy.spec`.
public struct NetworkPolicySpec: Sendable, Hashable {
    public var podSelector: LabelSelector
    /// In the order written (the operator writes `[Egress, Ingress]` for some policies).
    public var policyTypes: [PolicyType]
    /// Empty means the key is omitted from the output.
    public var ingress: [NetworkPolicyIngressRule]
    /// Empty means the key is omitted from the output.
    public var egress: [NetworkPolicyEgressRule]

    public init(
        podSelector: LabelSelector, policyTypes: [PolicyType],
        ingress: [NetworkPolicyIngressRule] = [], egress: [NetworkPolicyEgressRule] = []
    ) {
        self.podSelector = podSelector
        self.policyTypes = policyTypes
        self.ingress = ingress
        self.egress = egress
    }
}

/// A direction a NetworkPolicy isolates.
public enum PolicyType: String, Sendable, Hashable, CaseIterable {
    case ingress = "Ingress"
    case egress = "Egress"
}

/// One ingress rule: traffic from any of `from` (empty = any peer) on any of `ports`
/// (empty = any port).
public struct NetworkPolicyIngressRule: Sendable, Hashable {
    public var from: [NetworkPolicyPeer]
    public var ports: [NetworkPolicyPort]

    public init(from: [NetworkPolicyPeer] = [], ports: [NetworkPolicyPort] = []) {
        self.from = from
        self.ports = ports
    }
}

/// One egress rule: traffic to any of `to` (empty = any peer) on any of `ports`
/// (empty = any port).
public struct NetworkPolicyEgressRule: Sendable, Hashable {
    public var to: [NetworkPolicyPeer]
    public var ports: [NetworkPolicyPort]

    public init(to: [NetworkPolicyPeer] = [], ports: [NetworkPolicyPort] = []) {
        self.to = to
        self.ports = ports
    }
}
