/// Writes NetworkPolicies as YAML documents in the style of `kubectl get -o yaml`
/// (spec §8): each document starts with `---`, keys sorted by code point, two-space
/// indentation, sequence items at their key's indentation, plain integers, `{}` for
/// empty selectors, empty lists and absent optional fields omitted.
///
/// One encoder per output: the bodies of repeated selectors, label maps, peer and port
/// lists at the same indentation are copied from their first encoding (`FragmentMemo`).
struct PolicyYAMLEncoder {
    private var memo: FragmentMemo

    init() {
        memo = FragmentMemo(library: PolicyYAMLEncoder.library)
    }

    /// The encoder that seeds the library: a larger table and no library of its own.
    private init(seeding: Void) {
        memo = FragmentMemo(slots: 256)
    }

    /// The encodings of the generator's static values at the indentations the policies
    /// use them: selector bodies of `podSelector` (4) and of peers (8), peer and port
    /// lists of rules (4).
    static let library: FragmentLibrary = {
        var encoder = PolicyYAMLEncoder(seeding: ())
        var w = YAMLWriter(reservingCapacity: 32768)
        let seeds = FragmentSeeds.generator
        for selector in seeds.selectors {
            encoder.write(selector, key: "podSelector", indent: 2, to: &w)
            encoder.write(selector, key: "podSelector", indent: 6, to: &w)
        }
        for peers in seeds.peerLists { encoder.write(peers, key: "to", indent: 4, to: &w) }
        for ports in seeds.portLists { encoder.write(ports, indent: 4, to: &w) }
        return FragmentLibrary(memo: encoder.memo, bytes: w.finish())
    }()

    /// Appends one document.
    mutating func write(_ policy: borrowing NetworkPolicy, to w: inout YAMLWriter) {
        w.raw("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n")
        if !policy.labels.isEmpty {
            w.raw("  labels:\n")
            write(policy.labels, indent: 4, to: &w)
        }
        w.entry("name", policy.name, indent: 2)
        w.entry("namespace", policy.namespace, indent: 2)
        w.raw("spec:\n")
        if !policy.spec.egress.isEmpty {
            w.raw("  egress:\n")
            for i in policy.spec.egress.indices {
                w.item(indent: 2)
                if policy.spec.egress[i].ports.isEmpty && policy.spec.egress[i].to.isEmpty {
                    w.emptyItemMapping()
                    continue
                }
                write(policy.spec.egress[i].ports, indent: 4, to: &w)
                write(policy.spec.egress[i].to, key: "to", indent: 4, to: &w)
            }
        }
        if !policy.spec.ingress.isEmpty {
            w.raw("  ingress:\n")
            for i in policy.spec.ingress.indices {
                w.item(indent: 2)
                if policy.spec.ingress[i].ports.isEmpty && policy.spec.ingress[i].from.isEmpty {
                    w.emptyItemMapping()
                    continue
                }
                write(policy.spec.ingress[i].from, key: "from", indent: 4, to: &w)
                write(policy.spec.ingress[i].ports, indent: 4, to: &w)
            }
        }
        write(policy.spec.podSelector, key: "podSelector", indent: 2, to: &w)
        if !policy.spec.policyTypes.isEmpty {
            w.raw("  policyTypes:\n")
            for i in policy.spec.policyTypes.indices {
                switch policy.spec.policyTypes[i] {
                case .ingress: w.raw("  - Ingress\n")
                case .egress: w.raw("  - Egress\n")
                }
            }
        }
    }

    /// What the output of some policies is expected to take.
    static var sizeEstimate: EncodedSizeEstimate { EncodedSizeEstimate(base: 0, perPolicy: 640, perRule: 512) }

    // MARK: - Memoised fragments

    /// Copies the earlier encoding of a fragment body (whole lines) with the same
    /// storage, kind and indentation if there is one; else runs `encode` and remembers it.
    @inline(__always)
    private mutating func memoised(
        _ first: UnsafeRawPointer?, second: UnsafeRawPointer? = nil, _ kind: FragmentMemo.Kind, indent: Int,
        _ w: inout YAMLWriter, _ encode: (inout YAMLWriter) -> Void
    ) {
        let key = FragmentMemo.Key(kind, first: first, second: second, indent: indent)
        if w.replay(key, from: memo) { return }
        let start = w.count
        encode(&w)
        memo.remember(key, start..<w.count)
    }

    /// `ports:` and its items (nothing when empty).
    mutating func write(_ ports: [NetworkPolicyPort], indent: Int, to w: inout YAMLWriter) {
        guard !ports.isEmpty else { return }
        w.key("ports", indent: indent)
        memoised(FragmentMemo.identity(ports), .ports, indent: indent, &w) { w in
            for i in ports.indices {
                w.item(indent: indent)
                if let endPort = ports[i].endPort {
                    w.entry("endPort", endPort, indent: indent + 2)
                }
                switch ports[i].port {
                case .number(let number)?: w.entry("port", number, indent: indent + 2)
                case .name(let name)?: w.entry("port", name, indent: indent + 2)
                case nil: break
                }
                switch ports[i].protocol {
                case .tcp: w.constantEntry("protocol: TCP\n", indent: indent + 2)
                case .udp: w.constantEntry("protocol: UDP\n", indent: indent + 2)
                case .sctp: w.constantEntry("protocol: SCTP\n", indent: indent + 2)
                }
            }
        }
    }

    /// `from:` / `to:` and its peers (nothing when empty).
    mutating func write(
        _ peers: [NetworkPolicyPeer], key: StaticString, indent: Int, to w: inout YAMLWriter
    ) {
        guard !peers.isEmpty else { return }
        w.key(key, indent: indent)
        let id = FragmentMemo.identity(peers)
        let memoKey = FragmentMemo.Key(.peers, first: id, indent: indent)
        if w.replay(memoKey, from: memo) { return }
        let start = w.count
        for i in peers.indices {
            w.item(indent: indent)
            if peers[i].ipBlock == nil && peers[i].namespaceSelector == nil && peers[i].podSelector == nil {
                w.emptyItemMapping()
                continue
            }
            if let block = peers[i].ipBlock {
                w.key("ipBlock", indent: indent + 2)
                w.entry("cidr", block.cidr, indent: indent + 4)
                if !block.except.isEmpty {
                    w.key("except", indent: indent + 4)
                    for cidr in block.except { w.scalarItem(cidr, indent: indent + 4) }
                }
            }
            if let selector = peers[i].namespaceSelector {
                write(selector, key: "namespaceSelector", indent: indent + 2, to: &w)
            }
            if let selector = peers[i].podSelector {
                write(selector, key: "podSelector", indent: indent + 2, to: &w)
            }
        }
        memo.remember(memoKey, start..<w.count)
    }

    mutating func write(
        _ selector: LabelSelector, key: StaticString, indent: Int, to w: inout YAMLWriter
    ) {
        if selector.matchExpressions.isEmpty && selector.matchLabels.isEmpty {
            w.emptyMapping(key, indent: indent)
            return
        }
        w.key(key, indent: indent)
        let inner = indent + 2
        memoised(
            FragmentMemo.identity(selector.matchExpressions), second: FragmentMemo.identity(selector.matchLabels.entries),
            .selector, indent: inner, &w
        ) { w in
            if !selector.matchExpressions.isEmpty {
                w.key("matchExpressions", indent: inner)
                for i in selector.matchExpressions.indices {
                    w.item(indent: inner)
                    w.entry("key", selector.matchExpressions[i].key, indent: inner + 2)
                    w.entry("operator", selector.matchExpressions[i].operator.rawValue, indent: inner + 2)
                    if !selector.matchExpressions[i].values.isEmpty {
                        w.key("values", indent: inner + 2)
                        for value in selector.matchExpressions[i].values {
                            w.scalarItem(value, indent: inner + 2)
                        }
                    }
                }
            }
            if !selector.matchLabels.isEmpty {
                w.key("matchLabels", indent: inner)
                Self.writeEntries(selector.matchLabels, indent: inner + 2, to: &w)
            }
        }
    }

    private mutating func write(_ labels: LabelMap, indent: Int, to w: inout YAMLWriter) {
        memoised(FragmentMemo.identity(labels.entries), .labels, indent: indent, &w) { w in
            Self.writeEntries(labels, indent: indent, to: &w)
        }
    }

    private static func writeEntries(_ labels: LabelMap, indent: Int, to w: inout YAMLWriter) {
        for i in labels.entries.indices {
            w.entry(key: labels.entries[i].key, labels.entries[i].value, indent: indent)
        }
    }
}
