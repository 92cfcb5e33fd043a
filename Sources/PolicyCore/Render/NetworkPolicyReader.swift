/// Reads a Kubernetes `networking.k8s.io/v1` NetworkPolicy manifest (as rendered here or as
/// `kubectl get -o yaml` prints it) into the typed model.
///
/// Types are strict and required fields are required (`metadata.name`, `metadata.namespace`,
/// `ipBlock.cidr`, a requirement's `key` and `operator`); label keys and values, CIDRs and
/// port numbers are checked as the API server checks them; fields the model does not hold
/// (`status`, `metadata.uid`, annotations, …) are ignored. Kubernetes defaults are applied
/// only where the model has no "absent": a port without `protocol` is TCP, a missing
/// `podSelector` is `{}`. `policyTypes` is kept as written (empty when absent).
enum NetworkPolicyReader {
    static func read(_ value: JSONValue, at path: FieldPath, log: inout IssueLog) -> NetworkPolicy? {
        let before = log.errors.count
        guard let object = log.object(value, at: path, what: "a NetworkPolicy manifest (an object)") else {
            if value.isNull { log.error(path, "must be a NetworkPolicy manifest, not null") }
            return nil
        }
        if let apiVersion = log.string(object["apiVersion"], at: path.key("apiVersion")),
            apiVersion != "networking.k8s.io/v1"
        {
            log.error(path.key("apiVersion"), "must be networking.k8s.io/v1, not \(IssueLog.quoted(apiVersion))")
        }
        if let kind = log.string(object["kind"], at: path.key("kind")), kind != "NetworkPolicy" {
            log.error(path.key("kind"), "must be NetworkPolicy, not \(IssueLog.quoted(kind))")
        }
        let metaPath = path.key("metadata")
        let metadata = log.object(object["metadata"], at: metaPath)
        if metadata == nil, object["metadata"]?.isNull ?? true { log.error(metaPath, "required: name and namespace") }
        let name = required(metadata?["name"], at: metaPath.key("name"), log: &log)
        let namespace = required(metadata?["namespace"], at: metaPath.key("namespace"), log: &log)
        let labels = labelMap(metadata?["labels"], at: metaPath.key("labels"), log: &log)

        let specPath = path.key("spec")
        let spec = log.object(object["spec"], at: specPath)
        if spec == nil, object["spec"]?.isNull ?? true { log.error(specPath, "required: the policy spec") }
        let podSelector = selector(spec?["podSelector"], at: specPath.key("podSelector"), log: &log) ?? LabelSelector()
        var policyTypes: [PolicyType] = []
        let typesPath = specPath.key("policyTypes")
        for (i, item) in (log.array(spec?["policyTypes"], at: typesPath) ?? []).enumerated() {
            if let type = log.enumeration(item, at: typesPath.index(i), PolicyType.self) { policyTypes.append(type) }
        }
        var ingress: [NetworkPolicyIngressRule] = []
        let ingressPath = specPath.key("ingress")
        for (i, item) in (log.array(spec?["ingress"], at: ingressPath) ?? []).enumerated() {
            let rulePath = ingressPath.index(i)
            let rule = log.object(item, at: rulePath)
            ingress.append(
                NetworkPolicyIngressRule(
                    from: peers(rule?["from"], at: rulePath.key("from"), log: &log),
                    ports: ports(rule?["ports"], at: rulePath.key("ports"), log: &log)))
        }
        var egress: [NetworkPolicyEgressRule] = []
        let egressPath = specPath.key("egress")
        for (i, item) in (log.array(spec?["egress"], at: egressPath) ?? []).enumerated() {
            let rulePath = egressPath.index(i)
            let rule = log.object(item, at: rulePath)
            egress.append(
                NetworkPolicyEgressRule(
                    to: peers(rule?["to"], at: rulePath.key("to"), log: &log),
                    ports: ports(rule?["ports"], at: rulePath.key("ports"), log: &log)))
        }
        guard log.errors.count == before, let name, let namespace else { return nil }
        return NetworkPolicy(
            name: name, namespace: namespace, labels: labels,
            spec: NetworkPolicySpec(podSelector: podSelector, policyTypes: policyTypes, ingress: ingress, egress: egress))
    }

    private static func required(_ value: JSONValue?, at path: FieldPath, log: inout IssueLog) -> String? {
        if value?.isNull ?? true {
            log.error(path, "required")
            return nil
        }
        return log.string(value, at: path)
    }

    private static func labelMap(_ value: JSONValue?, at path: FieldPath, log: inout IssueLog) -> LabelMap {
        var pairs: [(String, String)] = []
        for (key, v) in log.object(value, at: path) ?? JSONObject() {
            if !KubernetesNames.isLabelKey(key) { log.error(path.key(key), "is not a valid label key") }
            guard let text = log.string(v, at: path.key(key)) else { continue }
            if !KubernetesNames.isLabelValue(text) { log.error(path.key(key), "is not a valid label value") }
            pairs.append((key, text))
        }
        return LabelMap(pairs)
    }

    private static func selector(_ value: JSONValue?, at path: FieldPath, log: inout IssueLog) -> LabelSelector? {
        guard let object = log.object(value, at: path, what: "a label selector (an object)") else { return nil }
        var requirements: [LabelSelectorRequirement] = []
        let exprPath = path.key("matchExpressions")
        for (i, item) in (log.array(object["matchExpressions"], at: exprPath) ?? []).enumerated() {
            let itemPath = exprPath.index(i)
            guard let expression = log.object(item, at: itemPath) else { continue }
            let key = required(expression["key"], at: itemPath.key("key"), log: &log)
            if let key, !KubernetesNames.isLabelKey(key) { log.error(itemPath.key("key"), "is not a valid label key") }
            let op = log.enumeration(expression["operator"], at: itemPath.key("operator"), LabelSelectorRequirement.Operator.self)
            if expression["operator"]?.isNull ?? true { log.error(itemPath.key("operator"), "required") }
            var values: [String] = []
            let valuesPath = itemPath.key("values")
            for (j, v) in (log.array(expression["values"], at: valuesPath) ?? []).enumerated() {
                if let text = log.string(v, at: valuesPath.index(j)) { values.append(text) }
            }
            if let key, let op { requirements.append(LabelSelectorRequirement(key: key, operator: op, values: values)) }
        }
        return LabelSelector(
            matchLabels: labelMap(object["matchLabels"], at: path.key("matchLabels"), log: &log),
            matchExpressions: requirements)
    }

    private static func peers(_ value: JSONValue?, at path: FieldPath, log: inout IssueLog) -> [NetworkPolicyPeer] {
        var peers: [NetworkPolicyPeer] = []
        for (i, item) in (log.array(value, at: path) ?? []).enumerated() {
            let peerPath = path.index(i)
            guard let peer = log.object(item, at: peerPath) else { continue }
            var block: IPBlock?
            let blockPath = peerPath.key("ipBlock")
            if let ipBlock = log.object(peer["ipBlock"], at: blockPath) {
                let cidr = required(ipBlock["cidr"], at: blockPath.key("cidr"), log: &log)
                if let cidr, CIDRBlock(cidr) == nil {
                    log.error(blockPath.key("cidr"), "must be a CIDR such as 10.0.0.0/8, not \(IssueLog.quoted(cidr))")
                }
                var except: [String] = []
                let exceptPath = blockPath.key("except")
                for (j, v) in (log.array(ipBlock["except"], at: exceptPath) ?? []).enumerated() {
                    guard let text = log.string(v, at: exceptPath.index(j)) else { continue }
                    if CIDRBlock(text) == nil {
                        log.error(exceptPath.index(j), "must be a CIDR such as 10.1.0.0/16, not \(IssueLog.quoted(text))")
                    }
                    except.append(text)
                }
                if let cidr { block = IPBlock(cidr: cidr, except: except) }
            }
            peers.append(
                NetworkPolicyPeer(
                    podSelector: selector(peer["podSelector"], at: peerPath.key("podSelector"), log: &log),
                    namespaceSelector: selector(peer["namespaceSelector"], at: peerPath.key("namespaceSelector"), log: &log),
                    ipBlock: block))
        }
        return peers
    }

    private static func ports(_ value: JSONValue?, at path: FieldPath, log: inout IssueLog) -> [NetworkPolicyPort] {
        var ports: [NetworkPolicyPort] = []
        for (i, item) in (log.array(value, at: path) ?? []).enumerated() {
            let portPath = path.index(i)
            guard let port = log.object(item, at: portPath) else { continue }
            let proto = log.enumeration(port["protocol"], at: portPath.key("protocol"), PortProtocol.self) ?? .tcp
            var number: PortValue?
            switch port["port"] {
            case .string(let name)?:
                if name.isEmpty { log.error(portPath.key("port"), "must be a port number or a non-empty port name") }
                number = .name(name)
            case let other:
                number = log.integer(other, at: portPath.key("port"), in: 1...65535).map(PortValue.number)
            }
            let endPort = log.integer(port["endPort"], at: portPath.key("endPort"), in: 1...65535)
            if let endPort {
                switch number {
                case .number(let start)?:
                    if endPort < start { log.error(portPath.key("endPort"), "must not be below port \(start)") }
                default:
                    log.error(portPath.key("endPort"), "needs a numeric port")
                }
            }
            ports.append(NetworkPolicyPort(proto, port: number, endPort: endPort))
        }
        return ports
    }
}
