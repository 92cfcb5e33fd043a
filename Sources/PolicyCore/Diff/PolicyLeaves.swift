/// A leaf value of a policy document, as the structured diff reports it.
public enum DiffValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case number(Int)
    /// `{}`: an empty selector, rule or peer (a leaf: it has no fields to descend into).
    case emptyObject

    /// JSON text of the value (`"TCP"`, `3100`, `{}`).
    public var description: String {
        var writer = JSONWriter(reservingCapacity: 32)
        writeJSON(to: &writer)
        return String(decoding: writer.finish(), as: UTF8.self)
    }

    func writeJSON(to writer: inout JSONWriter) {
        switch self {
        case .string(let text): writer.string(text)
        case .number(let number): writer.int(number)
        case .emptyObject: writer.raw("{}")
        }
    }
}

/// The leaves of a NetworkPolicy's JSON document (spec §8 shape: empty lists and empty
/// `labels` left out, empty selectors `{}`), each with its RFC 6901 pointer, in canonical
/// document order (keys by code point, list items by index).
struct PolicyLeaves {
    private(set) var leaves: [(path: String, value: DiffValue)] = []

    init(_ policy: NetworkPolicy) {
        leaves.reserveCapacity(48)
        add("/apiVersion", .string("networking.k8s.io/v1"))
        add("/kind", .string("NetworkPolicy"))
        add(map: policy.labels, at: "/metadata/labels")
        add("/metadata/name", .string(policy.name))
        add("/metadata/namespace", .string(policy.namespace))
        let spec = policy.spec
        for (i, rule) in spec.egress.enumerated() {
            let path = "/spec/egress/\(i)"
            if rule.ports.isEmpty, rule.to.isEmpty { add(path, .emptyObject) }
            add(ports: rule.ports, at: path + "/ports")
            add(peers: rule.to, at: path + "/to")
        }
        for (i, rule) in spec.ingress.enumerated() {
            let path = "/spec/ingress/\(i)"
            if rule.ports.isEmpty, rule.from.isEmpty { add(path, .emptyObject) }
            add(peers: rule.from, at: path + "/from")
            add(ports: rule.ports, at: path + "/ports")
        }
        add(selector: spec.podSelector, at: "/spec/podSelector")
        for (i, type) in spec.policyTypes.enumerated() { add("/spec/policyTypes/\(i)", .string(type.rawValue)) }
    }

    private mutating func add(_ path: String, _ value: DiffValue) {
        leaves.append((path, value))
    }

    private mutating func add(map: LabelMap, at path: String) {
        for entry in map { add(path + "/" + PolicyLeaves.escape(entry.key), .string(entry.value)) }
    }

    private mutating func add(selector: LabelSelector, at path: String) {
        if selector.matchLabels.isEmpty, selector.matchExpressions.isEmpty {
            add(path, .emptyObject)
            return
        }
        for (i, requirement) in selector.matchExpressions.enumerated() {
            let item = "\(path)/matchExpressions/\(i)"
            add(item + "/key", .string(requirement.key))
            add(item + "/operator", .string(requirement.operator.rawValue))
            for (j, value) in requirement.values.enumerated() { add("\(item)/values/\(j)", .string(value)) }
        }
        add(map: selector.matchLabels, at: path + "/matchLabels")
    }

    private mutating func add(peers: [NetworkPolicyPeer], at path: String) {
        for (i, peer) in peers.enumerated() {
            let item = "\(path)/\(i)"
            if peer.ipBlock == nil, peer.namespaceSelector == nil, peer.podSelector == nil { add(item, .emptyObject) }
            if let block = peer.ipBlock {
                add(item + "/ipBlock/cidr", .string(block.cidr))
                for (j, except) in block.except.enumerated() { add("\(item)/ipBlock/except/\(j)", .string(except)) }
            }
            if let selector = peer.namespaceSelector { add(selector: selector, at: item + "/namespaceSelector") }
            if let selector = peer.podSelector { add(selector: selector, at: item + "/podSelector") }
        }
    }

    private mutating func add(ports: [NetworkPolicyPort], at path: String) {
        for (i, port) in ports.enumerated() {
            let item = "\(path)/\(i)"
            if let endPort = port.endPort { add(item + "/endPort", .number(endPort)) }
            switch port.port {
            case .number(let number): add(item + "/port", .number(number))
            case .name(let name): add(item + "/port", .string(name))
            case nil: break
            }
            add(item + "/protocol", .string(port.protocol.rawValue))
        }
    }

    /// RFC 6901 reference token: `~` → `~0`, `/` → `~1`.
    static func escape(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        var out = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Canonical document order of two pointers into the same kind of document: token by
    /// token, list indices numerically, keys (unescaped) by UTF-8 byte, as `LabelMap` sorts them.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).makeIterator()
        var right = b.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let l?, let r?):
                if l.elementsEqual(r) { continue }
                if let li = index(l), let ri = index(r) { return li < ri }
                return unescaped(l).lexicographicallyPrecedes(unescaped(r))
            }
        }
    }

    /// The key a reference token names (`~1` → `/`, `~0` → `~`), as bytes.
    private static func unescaped(_ token: Substring.UTF8View) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(token.count)
        var tilde = false
        for byte in token {
            if tilde {
                out.append(byte == UInt8(ascii: "1") ? UInt8(ascii: "/") : UInt8(ascii: "~"))
                tilde = false
            } else if byte == UInt8(ascii: "~") {
                tilde = true
            } else {
                out.append(byte)
            }
        }
        return out
    }

    /// A token that is a list index (decimal digits, small enough to compare as Int).
    private static func index(_ token: Substring.UTF8View) -> Int? {
        guard !token.isEmpty, token.count <= 9 else { return nil }
        var value = 0
        for byte in token {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
