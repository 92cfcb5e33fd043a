/// Reads a `NetworkPolicyPeer` (`cluster.prometheus`, §1.4) with the shape checks Kubernetes
/// applies: label selectors (matchLabels, matchExpressions with operator/values rules) and
/// ipBlock (CIDR, except inside it), ipBlock not combined with selectors.
enum PeerReader {
    static func read(_ value: JSONValue?, at path: FieldPath, log: inout IssueLog) -> NetworkPolicyPeer? {
        guard let object = log.object(value, at: path, what: "a NetworkPolicyPeer (an object)") else { return nil }
        let known = ["podSelector", "namespaceSelector", "ipBlock"]
        log.rejectUnknownKeys(object, at: path, known: known)
        let present = known.filter { !(object[$0]?.isNull ?? true) }
        if present.isEmpty {
            log.error(path, "must have podSelector, namespaceSelector or ipBlock")
            return nil
        }
        if present.contains("ipBlock"), present.count > 1 {
            log.error(path, "ipBlock cannot be combined with podSelector or namespaceSelector")
        }
        var peer = NetworkPolicyPeer()
        var ok = true
        if object["podSelector"] != nil {
            peer.podSelector = selector(object["podSelector"], at: path.key("podSelector"), log: &log, ok: &ok)
        }
        if object["namespaceSelector"] != nil {
            peer.namespaceSelector = selector(object["namespaceSelector"], at: path.key("namespaceSelector"), log: &log, ok: &ok)
        }
        if object["ipBlock"] != nil {
            peer.ipBlock = ipBlock(object["ipBlock"], at: path.key("ipBlock"), log: &log, ok: &ok)
        }
        return ok ? peer : nil
    }

    private static func selector(_ value: JSONValue?, at path: FieldPath, log: inout IssueLog, ok: inout Bool) -> LabelSelector? {
        let before = log.errors.count
        defer { if log.errors.count != before { ok = false } }
        guard let object = log.object(value, at: path, what: "a label selector (an object)") else { return nil }
        log.rejectUnknownKeys(object, at: path, known: ["matchLabels", "matchExpressions"])
        var labels: [(String, String)] = []
        let labelsPath = path.key("matchLabels")
        if let matchLabels = log.object(object["matchLabels"], at: labelsPath) {
            for (key, v) in matchLabels {
                let p = labelsPath.key(key)
                if !KubernetesNames.isLabelKey(key) { log.error(p, labelKeyMessage(key)) }
                guard let text = log.string(v, at: p) else { continue }
                if !KubernetesNames.isLabelValue(text) { log.error(p, labelValueMessage(text)) }
                labels.append((key, text))
            }
        }
        var requirements: [LabelSelectorRequirement] = []
        let exprPath = path.key("matchExpressions")
        for (i, item) in (log.array(object["matchExpressions"], at: exprPath) ?? []).enumerated() {
            if let r = requirement(item, at: exprPath.index(i), log: &log) { requirements.append(r) }
        }
        return LabelSelector(matchLabels: LabelMap(labels), matchExpressions: requirements)
    }

    private static func requirement(_ value: JSONValue, at path: FieldPath, log: inout IssueLog) -> LabelSelectorRequirement? {
        guard let object = log.object(value, at: path) else { return nil }
        log.rejectUnknownKeys(object, at: path, known: ["key", "operator", "values"])
        let key = log.string(object["key"], at: path.key("key"))
        if let key, !KubernetesNames.isLabelKey(key) { log.error(path.key("key"), labelKeyMessage(key)) }
        if object["key"]?.isNull ?? true { log.error(path.key("key"), "required: the label key") }
        let op = log.enumeration(object["operator"], at: path.key("operator"), LabelSelectorRequirement.Operator.self)
        if object["operator"]?.isNull ?? true {
            log.error(path.key("operator"), "required: In, NotIn, Exists or DoesNotExist")
        }
        var values: [String] = []
        let valuesPath = path.key("values")
        for (i, v) in (log.array(object["values"], at: valuesPath) ?? []).enumerated() {
            guard let text = log.string(v, at: valuesPath.index(i)) else { continue }
            if !KubernetesNames.isLabelValue(text) { log.error(valuesPath.index(i), labelValueMessage(text)) }
            values.append(text)
        }
        switch op {
        case .in?, .notIn?:
            if values.isEmpty, object["values"]?.arrayValue?.isEmpty ?? true {
                log.error(valuesPath, "must list at least one value when operator is In or NotIn")
            }
        case .exists?, .doesNotExist?:
            if !(object["values"]?.arrayValue?.isEmpty ?? true) {
                log.error(valuesPath, "must be empty when operator is Exists or DoesNotExist")
            }
        case nil: break
        }
        guard let key, let op else { return nil }
        return LabelSelectorRequirement(key: key, operator: op, values: values)
    }

    private static func ipBlock(_ value: JSONValue?, at path: FieldPath, log: inout IssueLog, ok: inout Bool) -> IPBlock? {
        let before = log.errors.count
        defer { if log.errors.count != before { ok = false } }
        guard let object = log.object(value, at: path, what: "an ipBlock (an object)") else { return nil }
        log.rejectUnknownKeys(object, at: path, known: ["cidr", "except"])
        let cidrPath = path.key("cidr")
        let cidrText = log.string(object["cidr"], at: cidrPath)
        if object["cidr"]?.isNull ?? true { log.error(cidrPath, "required: a CIDR such as 10.0.0.0/8") }
        var block: CIDRBlock? = nil
        if let cidrText {
            block = CIDRBlock(cidrText)
            if block == nil { log.error(cidrPath, "must be a CIDR such as 10.0.0.0/8 or fd00::/8, not \(IssueLog.quoted(cidrText))") }
        }
        var except: [String] = []
        let exceptPath = path.key("except")
        for (i, v) in (log.array(object["except"], at: exceptPath) ?? []).enumerated() {
            let p = exceptPath.index(i)
            guard let text = log.string(v, at: p) else { continue }
            except.append(text)
            guard let inner = CIDRBlock(text) else {
                log.error(p, "must be a CIDR such as 10.1.0.0/16, not \(IssueLog.quoted(text))")
                continue
            }
            if let block, !block.strictlyContains(inner) {
                log.error(p, "must be a strict subset of cidr \(cidrText ?? "")")
            }
        }
        guard let cidrText else { return nil }
        return IPBlock(cidr: cidrText, except: except)
    }

    private static func labelKeyMessage(_ key: String) -> String {
        "\(IssueLog.quoted(key)) is not a valid label key ([prefix/]name: name up to 63 characters of "
            + "letters, digits, '-', '_' and '.', alphanumeric at both ends)"
    }

    private static func labelValueMessage(_ value: String) -> String {
        "\(IssueLog.quoted(value)) is not a valid label value (up to 63 characters of letters, digits, "
            + "'-', '_' and '.', alphanumeric at both ends)"
    }
}
