/// Writes NetworkPolicies as canonical JSON (RFC 8785 shape, spec §8): keys sorted by
/// code point at every level, no insignificant whitespace, lists in model order, empty
/// lists and absent optional fields omitted, empty selectors as `{}`.
///
/// One encoder per output: repeated selectors, label maps, peer and port lists are
/// copied from their first encoding (`FragmentMemo`).
struct PolicyJSONEncoder {
    private var memo: FragmentMemo

    init() {
        memo = FragmentMemo(library: PolicyJSONEncoder.library)
    }

    /// The encoder that seeds the library: a larger table and no library of its own.
    private init(seeding: Void) {
        memo = FragmentMemo(slots: 256)
    }

    /// The encodings of the generator's static values.
    static let library: FragmentLibrary = {
        var encoder = PolicyJSONEncoder(seeding: ())
        var w = JSONWriter(reservingCapacity: 16384)
        let seeds = FragmentSeeds.generator
        for selector in seeds.selectors { encoder.write(selector, to: &w) }
        for peers in seeds.peerLists { encoder.write(peers, to: &w) }
        for ports in seeds.portLists { encoder.write(ports, to: &w) }
        return FragmentLibrary(memo: encoder.memo, bytes: w.finish())
    }()

    /// Appends one policy object.
    mutating func write(_ policy: borrowing NetworkPolicy, to w: inout JSONWriter) {
        w.raw("{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":{")
        if !policy.labels.isEmpty {
            w.raw("\"labels\":")
            write(policy.labels, to: &w)
            w.raw(",")
        }
        w.raw("\"name\":")
        w.string(policy.name)
        w.raw(",\"namespace\":")
        w.string(policy.namespace)
        w.raw("},\"spec\":{")
        if !policy.spec.egress.isEmpty {
            w.raw("\"egress\":[")
            for i in policy.spec.egress.indices {
                if i > 0 { w.raw(",") }
                w.raw("{")
                let hasPorts = !policy.spec.egress[i].ports.isEmpty
                if hasPorts { write(policy.spec.egress[i].ports, to: &w) }
                if !policy.spec.egress[i].to.isEmpty {
                    w.raw(hasPorts ? ",\"to\":" : "\"to\":")
                    write(policy.spec.egress[i].to, to: &w)
                }
                w.raw("}")
            }
            w.raw("],")
        }
        if !policy.spec.ingress.isEmpty {
            w.raw("\"ingress\":[")
            for i in policy.spec.ingress.indices {
                if i > 0 { w.raw(",") }
                w.raw("{")
                let hasPeers = !policy.spec.ingress[i].from.isEmpty
                if hasPeers {
                    w.raw("\"from\":")
                    write(policy.spec.ingress[i].from, to: &w)
                }
                if !policy.spec.ingress[i].ports.isEmpty {
                    if hasPeers { w.raw(",") }
                    write(policy.spec.ingress[i].ports, to: &w)
                }
                w.raw("}")
            }
            w.raw("],")
        }
        w.raw("\"podSelector\":")
        write(policy.spec.podSelector, to: &w)
        if !policy.spec.policyTypes.isEmpty {
            w.raw(",\"policyTypes\":[")
            for i in policy.spec.policyTypes.indices {
                if i > 0 { w.raw(",") }
                switch policy.spec.policyTypes[i] {
                case .ingress: w.raw("\"Ingress\"")
                case .egress: w.raw("\"Egress\"")
                }
            }
            w.raw("]")
        }
        w.raw("}}")
    }

    /// Appends the `List` object `{"apiVersion":"v1","items":[...],"kind":"List"}`.
    mutating func writeList(_ policies: [NetworkPolicy], to w: inout JSONWriter) {
        w.raw("{\"apiVersion\":\"v1\",\"items\":[")
        for i in policies.indices {
            if i > 0 { w.raw(",") }
            write(policies[i], to: &w)
        }
        w.raw("],\"kind\":\"List\"}")
    }

    /// What the output of some policies is expected to take.
    static var sizeEstimate: EncodedSizeEstimate { EncodedSizeEstimate(base: 64, perPolicy: 512, perRule: 384) }

    // MARK: - Memoised fragments

    /// Copies the earlier encoding of the value with `key` if there is one; else runs
    /// `encode` and remembers its output.
    @inline(__always)
    private mutating func memoised(
        _ key: FragmentMemo.Key, _ w: inout JSONWriter, _ encode: (inout JSONWriter) -> Void
    ) {
        if memo.replay(key, into: &w.buffer) { return }
        let start = w.count
        encode(&w)
        memo.remember(key, start..<w.count)
    }

    /// `"ports":[...]`.
    mutating func write(_ ports: [NetworkPolicyPort], to w: inout JSONWriter) {
        let key = FragmentMemo.Key(.ports, first: FragmentMemo.identity(ports))
        memoised(key, &w) { w in
            w.raw("\"ports\":[")
            for i in ports.indices {
                if i > 0 { w.raw(",") }
                w.raw("{")
                if let endPort = ports[i].endPort {
                    w.raw("\"endPort\":")
                    w.int(endPort)
                    w.raw(",")
                }
                switch ports[i].port {
                case .number(let number)?:
                    w.raw("\"port\":")
                    w.int(number)
                    w.raw(",")
                case .name(let name)?:
                    w.raw("\"port\":")
                    w.string(name)
                    w.raw(",")
                case nil:
                    break
                }
                switch ports[i].protocol {
                case .tcp: w.raw("\"protocol\":\"TCP\"}")
                case .udp: w.raw("\"protocol\":\"UDP\"}")
                case .sctp: w.raw("\"protocol\":\"SCTP\"}")
                }
            }
            w.raw("]")
        }
    }

    mutating func write(_ peers: [NetworkPolicyPeer], to w: inout JSONWriter) {
        let key = FragmentMemo.Key(.peers, first: FragmentMemo.identity(peers))
        if memo.replay(key, into: &w.buffer) { return }
        let start = w.count
        w.raw("[")
        for i in peers.indices {
            if i > 0 { w.raw(",") }
            w.raw("{")
            var needsComma = false
            if let block = peers[i].ipBlock {
                w.raw("\"ipBlock\":{\"cidr\":")
                w.string(block.cidr)
                if !block.except.isEmpty {
                    w.raw(",\"except\":")
                    w.stringArray(block.except)
                }
                w.raw("}")
                needsComma = true
            }
            if let selector = peers[i].namespaceSelector {
                w.raw(needsComma ? ",\"namespaceSelector\":" : "\"namespaceSelector\":")
                write(selector, to: &w)
                needsComma = true
            }
            if let selector = peers[i].podSelector {
                w.raw(needsComma ? ",\"podSelector\":" : "\"podSelector\":")
                write(selector, to: &w)
            }
            w.raw("}")
        }
        w.raw("]")
        memo.remember(key, start..<w.count)
    }

    mutating func write(_ selector: LabelSelector, to w: inout JSONWriter) {
        let key = FragmentMemo.Key(
            .selector, first: FragmentMemo.identity(selector.matchExpressions),
            second: FragmentMemo.identity(selector.matchLabels.entries))
        if memo.replay(key, into: &w.buffer) { return }
        let start = w.count
        w.raw("{")
        if !selector.matchExpressions.isEmpty {
            w.raw("\"matchExpressions\":[")
            for i in selector.matchExpressions.indices {
                if i > 0 { w.raw(",") }
                w.raw("{\"key\":")
                w.string(selector.matchExpressions[i].key)
                switch selector.matchExpressions[i].operator {
                case .in: w.raw(",\"operator\":\"In\"")
                case .notIn: w.raw(",\"operator\":\"NotIn\"")
                case .exists: w.raw(",\"operator\":\"Exists\"")
                case .doesNotExist: w.raw(",\"operator\":\"DoesNotExist\"")
                }
                if !selector.matchExpressions[i].values.isEmpty {
                    w.raw(",\"values\":")
                    w.stringArray(selector.matchExpressions[i].values)
                }
                w.raw("}")
            }
            w.raw(selector.matchLabels.isEmpty ? "]" : "],")
        }
        if !selector.matchLabels.isEmpty {
            w.raw("\"matchLabels\":")
            write(selector.matchLabels, to: &w)
        }
        w.raw("}")
        memo.remember(key, start..<w.count)
    }

    private mutating func write(_ labels: LabelMap, to w: inout JSONWriter) {
        let key = FragmentMemo.Key(.labels, first: FragmentMemo.identity(labels.entries))
        memoised(key, &w) { w in Self.writeEntries(labels, to: &w) }
    }

    private static func writeEntries(_ labels: LabelMap, to w: inout JSONWriter) {
        w.raw("{")
        for i in labels.entries.indices {
            if i > 0 { w.raw(",") }
            w.key(labels.entries[i].key)
            w.string(labels.entries[i].value)
        }
        w.raw("}")
    }
}
