/// The LokiStack fields the generator reads (spec §1.1), validated. Every other field is kept
/// as given and not looked at.
struct LokiStackFields {
    var name: String?
    var namespace: String?
    var tenantsMode: TenantsMode?
    var rulerEnabled = false
    var networkPolicies: NetworkPoliciesSetting = .absent
    /// Ports of `spec.proxy.httpProxy` then `httpsProxy` (each if it gives one).
    var proxyPorts: [Int] = []
    var storageType: StorageType?
    var storageSecretName: String?

    static let base = FieldPath("lokistack")

    static func read(_ value: JSONValue, log: inout IssueLog) -> LokiStackFields {
        var f = LokiStackFields()
        guard let stack = log.object(value, at: base, what: "a LokiStack manifest (an object)") else { return f }
        if let kind = log.string(stack["kind"], at: base.key("kind")), kind != "LokiStack" {
            log.error(base.key("kind"), "must be LokiStack, not \(IssueLog.quoted(kind))")
        }

        func metaPath() -> FieldPath { base.key("metadata") }
        let metadata = log.object(stack["metadata"], at: metaPath())
        if metadata != nil || (stack["metadata"]?.isNull ?? true) {
            f.name = log.dnsLabel(metadata?["name"], at: metaPath().key("name"))
            f.namespace = log.dnsLabel(metadata?["namespace"], at: metaPath().key("namespace"))
            if metadata?["name"]?.isNull ?? true {
                log.error(metaPath().key("name"), "required: the LokiStack's name")
            }
            if metadata?["namespace"]?.isNull ?? true {
                log.error(metaPath().key("namespace"), "required: the LokiStack's namespace (the policies' namespace)")
            }
        }

        func specPath() -> FieldPath { base.key("spec") }
        guard let spec = log.object(stack["spec"], at: specPath()) else { return f }

        func tenantsPath() -> FieldPath { specPath().key("tenants") }
        if let tenants = log.object(spec["tenants"], at: tenantsPath()) {
            f.tenantsMode = log.enumeration(tenants["mode"], at: tenantsPath().key("mode"), TenantsMode.self)
        }
        if let rules = log.object(spec["rules"], at: specPath().key("rules")) {
            f.rulerEnabled = log.bool(rules["enabled"], at: specPath().key("rules").key("enabled")) ?? false
        }
        f.networkPolicies = NetworkPoliciesSetting.read(spec["networkPolicies"], at: specPath().key("networkPolicies"), log: &log)

        func proxyPath() -> FieldPath { specPath().key("proxy") }
        if let proxy = log.object(spec["proxy"], at: proxyPath()) {
            for key in ["httpProxy", "httpsProxy"] {
                func p() -> FieldPath { proxyPath().key(key) }
                guard let text = log.string(proxy[key], at: p(), what: "a URL string"), !text.isEmpty else { continue }
                switch EndpointURL.parseStorage(text) {
                case .success(let url): if let port = url.storagePort { f.proxyPorts.append(port) }
                case .failure(let problem): log.error(p(), "proxy URL \(problem.message)")
                }
            }
        }

        func storagePath() -> FieldPath { specPath().key("storage") }
        if let storage = log.object(spec["storage"], at: storagePath()) {
            func secretPath() -> FieldPath { storagePath().key("secret") }
            if let secret = log.object(storage["secret"], at: secretPath()) {
                f.storageType = log.enumeration(secret["type"], at: secretPath().key("type"), StorageType.self)
                if let name = log.string(secret["name"], at: secretPath().key("name")) {
                    if KubernetesNames.isDNSSubdomain(name) {
                        f.storageSecretName = name
                    } else {
                        log.error(
                            secretPath().key("name"),
                            "must be a Secret name (a DNS-1123 subdomain), not \(IssueLog.quoted(name))")
                    }
                }
            }
        }
        return f
    }
}
