/// Explicit per-call cluster values (CLI flags, HTTP query parameters). They win over the
/// envelope's `cluster` values, field by field (§1.4), and are stored merged into `cluster`.
public struct ClusterOverrides: Sendable, Hashable {
    public var platform: String?
    public var openshiftVersion: String?
    public var gateway: Bool?
    public var serviceMonitors: Bool?
    public var clusterMonitoring: Bool?
    public var userWorkload: Bool?

    public init(
        platform: String? = nil, openshiftVersion: String? = nil, gateway: Bool? = nil, serviceMonitors: Bool? = nil,
        clusterMonitoring: Bool? = nil, userWorkload: Bool? = nil
    ) {
        self.platform = platform
        self.openshiftVersion = openshiftVersion
        self.gateway = gateway
        self.serviceMonitors = serviceMonitors
        self.clusterMonitoring = clusterMonitoring
        self.userWorkload = userWorkload
    }

    /// True when no value is set.
    public var isEmpty: Bool { self == ClusterOverrides() }

    /// Parses query-string style pairs: `platform`, `openshiftVersion`, `gateway`, `serviceMonitors`,
    /// `alertmanager.clusterMonitoring`, `alertmanager.userWorkload`. Booleans are `true`/`false`.
    /// Bad or repeated values are errors at `/cluster/<field>` (e.g.
    /// `/cluster/alertmanager/clusterMonitoring`); other keys are ignored.
    public static func parse(queryItems: [(String, String)]) throws(InputError) -> ClusterOverrides {
        var o = ClusterOverrides()
        var log = IssueLog()
        var seen: Set<String> = []
        for (key, value) in queryItems {
            let path: FieldPath
            switch key {
            case "platform", "openshiftVersion", "gateway", "serviceMonitors": path = FieldPath("cluster", key)
            case "alertmanager.clusterMonitoring": path = FieldPath("cluster", "alertmanager", "clusterMonitoring")
            case "alertmanager.userWorkload": path = FieldPath("cluster", "alertmanager", "userWorkload")
            default: continue
            }
            guard seen.insert(key).inserted else {
                log.error(path, "\(key) is given more than once")
                continue
            }
            switch key {
            case "platform":
                if Platform(rawValue: value) != nil {
                    o.platform = value
                } else {
                    let allowed = Platform.allCases.map(\.rawValue).joined(separator: ", ")
                    log.error(path, "must be one of \(allowed), not \(IssueLog.quoted(value))")
                }
            case "openshiftVersion":
                if OpenShiftVersion(value) != nil {
                    o.openshiftVersion = value
                } else {
                    log.error(path, "\(OpenShiftVersion.syntaxMessage), not \(IssueLog.quoted(value))")
                }
            default:
                guard let b = Self.bool(value) else {
                    log.error(path, "must be true or false, not \(IssueLog.quoted(value))")
                    continue
                }
                switch key {
                case "gateway": o.gateway = b
                case "serviceMonitors": o.serviceMonitors = b
                case "alertmanager.clusterMonitoring": o.clusterMonitoring = b
                default: o.userWorkload = b
                }
            }
        }
        if log.hasErrors {
            throw InputError(log.errors.map { FieldIssue(pointer: $0.path.pointer, message: $0.message) }, kind: .invalid)
        }
        return o
    }

    private static func bool(_ text: String) -> Bool? {
        switch text {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// `cluster` with these values set. A `cluster` (or `cluster.alertmanager`) that is not an
    /// object is left as it is, for validation to report.
    func merged(into cluster: JSONValue?) -> JSONValue? {
        if isEmpty { return cluster }
        var object: JSONObject
        switch cluster {
        case nil, .null?: object = JSONObject()
        case .object(let o)?: object = o
        default: return cluster
        }
        if let platform { object["platform"] = .string(platform) }
        if let openshiftVersion { object["openshiftVersion"] = .string(openshiftVersion) }
        if let gateway { object["gateway"] = .bool(gateway) }
        if let serviceMonitors { object["serviceMonitors"] = .bool(serviceMonitors) }
        if clusterMonitoring != nil || userWorkload != nil {
            var alertmanager: JSONObject
            switch object["alertmanager"] {
            case nil, .null?: alertmanager = JSONObject()
            case .object(let a)?: alertmanager = a
            default: return .object(object)
            }
            if let clusterMonitoring { alertmanager["clusterMonitoring"] = .bool(clusterMonitoring) }
            if let userWorkload { alertmanager["userWorkload"] = .bool(userWorkload) }
            object["alertmanager"] = .object(alertmanager)
        }
        return .object(object)
    }
}
