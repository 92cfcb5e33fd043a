/// A `NetworkPolicyPeer`: pods selected by label (optionally across namespaces) or an
/// IP block. A nil selector means the key is absent; an empty selector (`{}`) selects all.
public struct NetworkPolicyPeer: Sendable, Hashable {
    public var podSelector: LabelSelector?
    public var namespaceSelector: LabelSelector?
    public var ipBlock: IPBlock?

    public init(
        podSelector: LabelSelector? = nil, namespaceSelector: LabelSelector? = nil,
        ipBlock: IPBlock? = nil
    ) {
        self.podSelector = podSelector
        self.namespaceSelector = namespaceSelector
        self.ipBlock = ipBlock
    }
}

/// A `NetworkPolicyPeer.ipBlock`: a CIDR with optional exceptions.
public struct IPBlock: Sendable, Hashable {
    public var cidr: String
    /// Empty means the key is omitted.
    public var except: [String]

    public init(cidr: String, except: [String] = []) {
        self.cidr = cidr
        self.except = except
    }
}
