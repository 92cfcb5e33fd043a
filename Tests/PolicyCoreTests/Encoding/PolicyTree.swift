import Foundation

@testable import PolicyCore

/// A plain data tree for comparing encodings independently of the encoders: built from
/// the typed model by the Kubernetes field mapping, or from parsed JSON/YAML.
indirect enum Tree: Equatable, CustomStringConvertible {
    case map([String: Tree])
    case list([Tree])
    case string(String)
    case int(Int)
    case bool(Bool)
    case null

    var description: String { String(decoding: canonicalJSON(), as: UTF8.self) }

    // MARK: From the typed model (the Kubernetes field mapping, written independently)

    init(_ policy: NetworkPolicy) {
        var metadata: [String: Tree] = ["name": .string(policy.name), "namespace": .string(policy.namespace)]
        if !policy.labels.isEmpty { metadata["labels"] = Tree(policy.labels) }
        var spec: [String: Tree] = ["podSelector": Tree(policy.spec.podSelector)]
        if !policy.spec.policyTypes.isEmpty {
            spec["policyTypes"] = .list(policy.spec.policyTypes.map { .string($0.rawValue) })
        }
        if !policy.spec.ingress.isEmpty {
            spec["ingress"] = .list(
                policy.spec.ingress.map { rule in
                    var m: [String: Tree] = [:]
                    if !rule.from.isEmpty { m["from"] = .list(rule.from.map(Tree.init)) }
                    if !rule.ports.isEmpty { m["ports"] = .list(rule.ports.map(Tree.init)) }
                    return .map(m)
                })
        }
        if !policy.spec.egress.isEmpty {
            spec["egress"] = .list(
                policy.spec.egress.map { rule in
                    var m: [String: Tree] = [:]
                    if !rule.to.isEmpty { m["to"] = .list(rule.to.map(Tree.init)) }
                    if !rule.ports.isEmpty { m["ports"] = .list(rule.ports.map(Tree.init)) }
                    return .map(m)
                })
        }
        self = .map([
            "apiVersion": .string("networking.k8s.io/v1"), "kind": .string("NetworkPolicy"),
            "metadata": .map(metadata), "spec": .map(spec),
        ])
    }

    init(_ labels: LabelMap) {
        var m: [String: Tree] = [:]
        for (k, v) in labels { m[k] = .string(v) }
        self = .map(m)
    }

    init(_ selector: LabelSelector) {
        var m: [String: Tree] = [:]
        if !selector.matchLabels.isEmpty { m["matchLabels"] = Tree(selector.matchLabels) }
        if !selector.matchExpressions.isEmpty {
            m["matchExpressions"] = .list(
                selector.matchExpressions.map { r in
                    var e: [String: Tree] = ["key": .string(r.key), "operator": .string(r.operator.rawValue)]
                    if !r.values.isEmpty { e["values"] = .list(r.values.map(Tree.string)) }
                    return .map(e)
                })
        }
        self = .map(m)
    }

    init(_ peer: NetworkPolicyPeer) {
        var m: [String: Tree] = [:]
        if let s = peer.podSelector { m["podSelector"] = Tree(s) }
        if let s = peer.namespaceSelector { m["namespaceSelector"] = Tree(s) }
        if let b = peer.ipBlock {
            var block: [String: Tree] = ["cidr": .string(b.cidr)]
            if !b.except.isEmpty { block["except"] = .list(b.except.map(Tree.string)) }
            m["ipBlock"] = .map(block)
        }
        self = .map(m)
    }

    init(_ port: NetworkPolicyPort) {
        var m: [String: Tree] = ["protocol": .string(port.protocol.rawValue)]
        switch port.port {
        case .number(let n)?: m["port"] = .int(n)
        case .name(let s)?: m["port"] = .string(s)
        case nil: break
        }
        if let end = port.endPort { m["endPort"] = .int(end) }
        self = .map(m)
    }

    static func policyList(_ policies: [NetworkPolicy]) -> Tree {
        .map(["apiVersion": .string("v1"), "kind": .string("List"), "items": .list(policies.map(Tree.init))])
    }

    // MARK: From parsed text

    /// From `JSONSerialization` output.
    static func fromJSON(_ bytes: [UInt8]) throws -> Tree {
        try fromFoundation(JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]))
    }

    private static func fromFoundation(_ value: Any) throws -> Tree {
        switch value {
        case let d as [String: Any]: return .map(try d.mapValues(fromFoundation))
        case let a as [Any]: return .list(try a.map(fromFoundation))
        case let s as String: return .string(s)
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .int(n.intValue)
        case is NSNull: return .null
        default: throw TreeError.unexpected("\(type(of: value))")
        }
    }

    /// From every document of a YAML stream, composed by `YAMLTestReader` (libyaml events) and
    /// typed with `resolver` (plain scalars resolve by its rules, quoted ones are strings).
    static func fromYAML(_ bytes: [UInt8], resolver: Resolver = .yaml11) throws -> [Tree] {
        try YAMLTestReader.documents(bytes).map { try fromNode($0, resolver: resolver) }
    }

    private static func fromNode(_ node: YAMLTestReader.Node, resolver: Resolver) throws -> Tree {
        switch node {
        case .mapping(let mapping):
            var m: [String: Tree] = [:]
            for (k, v) in mapping {
                guard case .string(let key) = try fromNode(k, resolver: resolver) else {
                    throw TreeError.unexpected("non-string key")
                }
                m[key] = try fromNode(v, resolver: resolver)
            }
            return .map(m)
        case .sequence(let sequence):
            return .list(try sequence.map { try fromNode($0, resolver: resolver) })
        case .scalar(let text, let plain, let tag):
            switch resolver.tag(of: text, plain: plain, explicit: tag) {
            case .str: return .string(text)
            case .int:
                guard let n = Int(text) else { throw TreeError.unexpected("int \(text)") }
                return .int(n)
            case .bool: return .bool(["true", "True", "TRUE"].contains(text))
            case .null: return .null
            case let other: throw TreeError.unexpected("tag \(other) for \(text)")
            }
        }
    }

    // MARK: Independent canonical JSON (sorted keys, compact, RFC 8785 string escapes)

    func canonicalJSON() -> [UInt8] {
        var out = ""
        write(to: &out)
        return Array(out.utf8)
    }

    private func write(to out: inout String) {
        switch self {
        case .map(let m):
            out += "{"
            let keys = m.keys.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
            for (i, k) in keys.enumerated() {
                if i > 0 { out += "," }
                Tree.string(k).write(to: &out)
                out += ":"
                m[k]?.write(to: &out)
            }
            out += "}"
        case .list(let a):
            out += "[" + a.map { t -> String in
                var s = ""
                t.write(to: &s)
                return s
            }.joined(separator: ",") + "]"
        case .string(let s):
            out += "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\u{08}": out += "\\b"
                case "\u{09}": out += "\\t"
                case "\u{0A}": out += "\\n"
                case "\u{0C}": out += "\\f"
                case "\u{0D}": out += "\\r"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            out += "\""
        case .int(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }
}

enum TreeError: Error { case unexpected(String) }
