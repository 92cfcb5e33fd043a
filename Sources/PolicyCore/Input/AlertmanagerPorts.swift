/// AM_PORTS (spec §6) from a RulerConfig: the ports of `spec.alertmanager.endpoints` and of every
/// tenant's `spec.overrides.<tenant>.alertmanager.endpoints` (D4), sorted and unique (D3).
enum AlertmanagerPorts {
    static let defaultPort = 9093

    /// Validates the RulerConfig (at `/rulerConfig`) and returns AM_PORTS.
    static func read(_ rulerConfig: JSONValue?, log: inout IssueLog) -> [Int] {
        let base = FieldPath("rulerConfig")
        guard let config = log.object(rulerConfig, at: base, what: "a RulerConfig manifest (an object)") else { return [] }
        if let kind = log.string(config["kind"], at: base.key("kind")), kind != "RulerConfig" {
            log.error(base.key("kind"), "must be RulerConfig, not \(IssueLog.quoted(kind))")
        }
        guard let spec = log.object(config["spec"], at: base.key("spec")) else { return [] }
        func specPath() -> FieldPath { base.key("spec") }

        var ports: Set<Int> = []
        var firstSection: FieldPath? = nil
        var endpointCount = 0
        func global() -> FieldPath { specPath().key("alertmanager") }
        readSection(spec["alertmanager"], at: global(), ports: &ports, firstSection: &firstSection, count: &endpointCount, log: &log)

        func overridesPath() -> FieldPath { specPath().key("overrides") }
        if let overrides = log.object(spec["overrides"], at: overridesPath()) {
            // Tenants in sorted order (§6); the resulting set is sorted anyway, but warnings and
            // errors keep document order through the issue log.
            for (tenant, value) in overrides.entries.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                func tenantPath() -> FieldPath { overridesPath().key(tenant) }
                guard let t = log.object(value, at: tenantPath()) else { continue }
                readSection(
                    t["alertmanager"], at: tenantPath().key("alertmanager"), ports: &ports, firstSection: &firstSection,
                    count: &endpointCount, log: &log)
            }
        }
        if endpointCount == 0, let first = firstSection {
            log.warn(first, "no Alertmanager endpoints are listed: no egress rule for them is generated (D8)")
        }
        return ports.sorted()
    }

    private static func readSection(
        _ value: JSONValue?, at path: @autoclosure () -> FieldPath, ports: inout Set<Int>, firstSection: inout FieldPath?,
        count: inout Int, log: inout IssueLog
    ) {
        guard let section = log.object(value, at: path()) else { return }
        if firstSection == nil { firstSection = path() }
        func listPath() -> FieldPath { path().key("endpoints") }
        guard let endpoints = log.array(section["endpoints"], at: listPath(), what: "a list of URLs") else { return }
        for (i, item) in endpoints.enumerated() {
            func itemPath() -> FieldPath { listPath().index(i) }
            guard let text = log.string(item, at: itemPath(), what: "a URL string"), !text.isEmpty else { continue }
            count += 1
            switch EndpointURL.parseAlertmanager(text) {
            case .failure(let problem):
                log.error(itemPath(), "Alertmanager endpoint \(problem.message)")
            case .success(let url):
                if url.form == .bare {
                    log.warn(
                        itemPath(),
                        "endpoint has no scheme:// or //, so its port is not read: counted as \(defaultPort) "
                            + "(operator behaviour); write it as a URL, e.g. http://\(text)")
                }
                ports.insert(url.explicitPort ?? defaultPort)
            }
        }
    }
}
