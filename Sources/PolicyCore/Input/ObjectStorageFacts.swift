/// The envelope's `objectStorage` section (spec §1.3), validated: endpoint and Swift auth URL
/// (§5.2), and the in-cluster Service with its EndpointSlices (§5.1).
struct ObjectStorageFacts {
    /// The members an `objectStorage` section may have. Nothing else is kept (credentials never are).
    static let knownKeys = ["endpoint", "authURL", "service", "endpointSlices"]

    /// `endpoint` as written (user info removed) and parsed; nil when absent, empty or invalid.
    var endpoint: (text: String, url: EndpointURL)?
    /// `endpoint` was given but is invalid (an error was logged).
    var endpointInvalid = false
    var authURL: EndpointURL?
    var service: ServiceFacts?
    var slicePorts: [SlicePort] = []
    /// `endpointSlices` was given (a list, possibly with no ports): §5.1 step 6 checks a numeric
    /// `targetPort` against it (D12).
    var slicesSupplied = false
    /// The Service or its EndpointSlices had errors: §5.1 is not attempted (no follow-on errors).
    var serviceInvalid = false

    struct ServiceFacts {
        var name: String
        var namespace: String
        var ports: [ServicePort]
    }

    struct ServicePort {
        var port: Int
        var target: Target
        enum Target {
            case number(Int)
            case name(String)
        }
    }

    struct SlicePort {
        var name: String?
        var port: Int
    }

    static let base = FieldPath("objectStorage")

    static func read(_ value: JSONValue?, log: inout IssueLog) -> ObjectStorageFacts {
        var facts = ObjectStorageFacts()
        guard let section = log.object(value, at: base) else { return facts }
        log.rejectUnknownKeys(section, at: base, known: knownKeys)

        if let text = log.string(section["endpoint"], at: base.key("endpoint"), what: "a URL string"), !text.isEmpty {
            switch EndpointURL.parseStorage(text) {
            case .success(let url): facts.endpoint = (text, url)
            case .failure(let p):
                log.error(base.key("endpoint"), "object storage endpoint \(p.message)")
                facts.endpointInvalid = true
            }
        }
        if let text = log.string(section["authURL"], at: base.key("authURL"), what: "a URL string"), !text.isEmpty {
            switch EndpointURL.parseStorage(text) {
            case .success(let url): facts.authURL = url
            case .failure(let p): log.error(base.key("authURL"), "Swift auth URL \(p.message)")
            }
        }
        let errorsBeforeService = log.errors.count
        func servicePath() -> FieldPath { base.key("service") }
        if let service = log.object(section["service"], at: servicePath(), what: "a Service manifest (an object)") {
            facts.service = readService(service, at: servicePath(), log: &log)
        }
        func slicesPath() -> FieldPath { base.key("endpointSlices") }
        if let slices = log.array(section["endpointSlices"], at: slicesPath(), what: "a list of EndpointSlice manifests") {
            if section["service"]?.isNull ?? true {
                log.error(slicesPath(), "EndpointSlices are only read together with their Service (objectStorage.service)")
            }
            facts.slicesSupplied = true
            for (i, slice) in slices.enumerated() {
                facts.slicePorts += readSlice(slice, at: slicesPath().index(i), serviceName: facts.service?.name, log: &log)
            }
        }
        facts.serviceInvalid = log.errors.count != errorsBeforeService
        return facts
    }

    private static func readService(_ service: JSONObject, at path: FieldPath, log: inout IssueLog) -> ServiceFacts? {
        if let kind = log.string(service["kind"], at: path.key("kind")), kind != "Service" {
            log.error(path.key("kind"), "must be Service, not \(IssueLog.quoted(kind))")
        }
        func metaPath() -> FieldPath { path.key("metadata") }
        let metadata = log.object(service["metadata"], at: metaPath())
        let name = log.dnsLabel(metadata?["name"], at: metaPath().key("name"))
        let namespace = log.dnsLabel(metadata?["namespace"], at: metaPath().key("namespace"))
        if metadata != nil || (service["metadata"]?.isNull ?? true) {
            if metadata?["name"]?.isNull ?? true { log.error(metaPath().key("name"), "required: the Service's name") }
            if metadata?["namespace"]?.isNull ?? true {
                log.error(metaPath().key("namespace"), "required: the Service's namespace")
            }
        }
        func specPath() -> FieldPath { path.key("spec") }
        let spec = log.object(service["spec"], at: specPath())
        var ports: [ServicePort] = []
        func portsPath() -> FieldPath { specPath().key("ports") }
        for (i, item) in (log.array(spec?["ports"], at: portsPath()) ?? []).enumerated() {
            let p = portsPath().index(i)
            guard let port = log.object(item, at: p) else { continue }
            _ = log.string(port["name"], at: p.key("name"))
            let number = log.integer(port["port"], at: p.key("port"), in: 1...65535)
            if port["port"]?.isNull ?? true { log.error(p.key("port"), "required: the Service port number") }
            var target: ServicePort.Target? = nil
            switch port["targetPort"] {
            case nil, .null?: target = number.map { .number($0) }
            case .string(let s)?:
                if KubernetesNames.isPortName(s) {
                    target = .name(s)
                } else {
                    log.error(p.key("targetPort"), "must be a port number or a port name (IANA service name), not \(IssueLog.quoted(s))")
                }
            case let other?:
                target = log.integer(other, at: p.key("targetPort"), in: 1...65535).map { .number($0) }
            }
            if let number, let target { ports.append(ServicePort(port: number, target: target)) }
        }
        guard let name, let namespace else { return nil }
        return ServiceFacts(name: name, namespace: namespace, ports: ports)
    }

    private static func readSlice(_ value: JSONValue, at path: FieldPath, serviceName: String?, log: inout IssueLog) -> [SlicePort] {
        guard let slice = log.object(value, at: path, what: "an EndpointSlice manifest (an object)") else { return [] }
        if let kind = log.string(slice["kind"], at: path.key("kind")), kind != "EndpointSlice" {
            log.error(path.key("kind"), "must be EndpointSlice, not \(IssueLog.quoted(kind))")
        }
        func labelsPath() -> FieldPath { path.key("metadata").key("labels") }
        let metadata = log.object(slice["metadata"], at: path.key("metadata"))
        let labels = log.object(metadata?["labels"], at: labelsPath())
        func labelPath() -> FieldPath { labelsPath().key("kubernetes.io/service-name") }
        let owner = log.string(labels?["kubernetes.io/service-name"], at: labelPath())
        if let serviceName, owner != serviceName {
            log.error(
                labelPath(),
                "the EndpointSlice must be labelled kubernetes.io/service-name: \(serviceName) (the Service's)")
        }
        var ports: [SlicePort] = []
        func slicePortsPath() -> FieldPath { path.key("ports") }
        for (i, item) in (log.array(slice["ports"], at: slicePortsPath()) ?? []).enumerated() {
            let p = slicePortsPath().index(i)
            guard let port = log.object(item, at: p) else { continue }
            let name = log.string(port["name"], at: p.key("name"))
            if let number = log.integer(port["port"], at: p.key("port"), in: 1...65535) {
                ports.append(SlicePort(name: name, port: number))
            }
        }
        return ports
    }
}
