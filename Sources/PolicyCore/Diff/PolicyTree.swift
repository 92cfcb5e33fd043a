/// A NetworkPolicy as the JSON document the project writes (spec §8 shape: keys in code
/// point order, empty lists, absent fields and empty `labels` left out, empty selectors
/// `{}`), stored in a `ValueTable`.
enum PolicyTree {
    /// The id of `policy`'s document in `table`.
    static func add(_ policy: NetworkPolicy, to table: inout ValueTable) -> Int {
        var metadata: [(String, Int)] = []
        if !policy.labels.isEmpty { metadata.append(("labels", add(policy.labels, to: &table))) }
        metadata.append(("name", table.string(policy.name)))
        metadata.append(("namespace", table.string(policy.namespace)))

        let spec = policy.spec
        var members: [(String, Int)] = []
        if !spec.egress.isEmpty {
            members.append(("egress", table.array(spec.egress.map { item in
                rule(peersKey: "to", peers: item.to, ports: item.ports, to: &table)
            })))
        }
        if !spec.ingress.isEmpty {
            members.append(("ingress", table.array(spec.ingress.map { item in
                rule(peersKey: "from", peers: item.from, ports: item.ports, to: &table)
            })))
        }
        members.append(("podSelector", add(spec.podSelector, to: &table)))
        if !spec.policyTypes.isEmpty {
            members.append(("policyTypes", table.array(spec.policyTypes.map { table.string($0.rawValue) })))
        }
        return table.object([
            ("apiVersion", table.string("networking.k8s.io/v1")),
            ("kind", table.string("NetworkPolicy")),
            ("metadata", table.object(metadata)),
            ("spec", table.object(members)),
        ])
    }

    /// About how many values `policy`'s document holds (to size a table once).
    static func estimatedSize(_ policy: NetworkPolicy) -> Int {
        func selector(_ s: LabelSelector?) -> Int {
            guard let s else { return 0 }
            return 3 + 2 * s.matchLabels.count + s.matchExpressions.reduce(0) { $0 + 4 + $1.values.count }
        }
        func peers(_ list: [NetworkPolicyPeer]) -> Int {
            list.reduce(0) { $0 + 4 + selector($1.podSelector) + selector($1.namespaceSelector) + ($1.ipBlock?.except.count ?? 0) }
        }
        let rules =
            policy.spec.ingress.reduce(0) { $0 + 3 + peers($1.from) + 4 * $1.ports.count }
            + policy.spec.egress.reduce(0) { $0 + 3 + peers($1.to) + 4 * $1.ports.count }
        return 16 + 2 * policy.labels.count + selector(policy.spec.podSelector) + rules
    }

    /// A rule of either direction: `{from|to?, ports?}` in key order.
    private static func rule(
        peersKey: String, peers: [NetworkPolicyPeer], ports: [NetworkPolicyPort], to table: inout ValueTable
    ) -> Int {
        var members: [(String, Int)] = []
        let peerList = peers.isEmpty ? nil : table.array(peers.map { add($0, to: &table) })
        if let peerList, peersKey < "ports" { members.append((peersKey, peerList)) }
        if !ports.isEmpty { members.append(("ports", table.array(ports.map { add($0, to: &table) }))) }
        if let peerList, peersKey > "ports" { members.append((peersKey, peerList)) }
        return table.object(members)
    }

    private static func add(_ peer: NetworkPolicyPeer, to table: inout ValueTable) -> Int {
        var members: [(String, Int)] = []
        if let block = peer.ipBlock {
            var blockMembers = [("cidr", table.string(block.cidr))]
            if !block.except.isEmpty { blockMembers.append(("except", table.array(block.except.map { table.string($0) }))) }
            members.append(("ipBlock", table.object(blockMembers)))
        }
        if let selector = peer.namespaceSelector { members.append(("namespaceSelector", add(selector, to: &table))) }
        if let selector = peer.podSelector { members.append(("podSelector", add(selector, to: &table))) }
        return table.object(members)
    }

    private static func add(_ port: NetworkPolicyPort, to table: inout ValueTable) -> Int {
        var members: [(String, Int)] = []
        if let endPort = port.endPort { members.append(("endPort", table.number(endPort))) }
        switch port.port {
        case .number(let number): members.append(("port", table.number(number)))
        case .name(let name): members.append(("port", table.string(name)))
        case nil: break
        }
        members.append(("protocol", table.string(port.protocol.rawValue)))
        return table.object(members)
    }

    private static func add(_ selector: LabelSelector, to table: inout ValueTable) -> Int {
        var members: [(String, Int)] = []
        if !selector.matchExpressions.isEmpty {
            members.append(("matchExpressions", table.array(selector.matchExpressions.map { requirement in
                var fields = [("key", table.string(requirement.key)), ("operator", table.string(requirement.operator.rawValue))]
                if !requirement.values.isEmpty { fields.append(("values", table.array(requirement.values.map { table.string($0) }))) }
                return table.object(fields)
            })))
        }
        if !selector.matchLabels.isEmpty { members.append(("matchLabels", add(selector.matchLabels, to: &table))) }
        return table.object(members)
    }

    private static func add(_ labels: LabelMap, to table: inout ValueTable) -> Int {
        table.object(labels.map { ($0.key, table.string($0.value)) })
    }
}
