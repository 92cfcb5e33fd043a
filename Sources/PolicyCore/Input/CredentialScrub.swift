/// Removes credentials from an input as it is built, so that a `PolicyInput` never holds them:
///
/// - `user:password@` from every URL field (spec §1.3): object storage endpoint and auth URL,
///   proxy URLs, and in the RulerConfig the Alertmanager endpoints and external URL (global and
///   per tenant) and the remote-write URL and proxy URL. Everything from the authority's start
///   through the string's last `@` is removed (`EndpointURL.removingUserInfo`), since secret keys
///   may hold `/`, `?` or `#` — unless that would change what §5.2 reads from a field ports are
///   taken from (`https://s3:9000/b@v2` is port 9000; an invalid URL stays invalid): then the
///   authority's user info and the path, query or fragment through the last `@` go
///   (`removingUserInfoKeepingAuthority`). When an `@` came after the authority, `resolve()`
///   warns at the field. An invalid input is never stored.
/// - the RulerConfig's plain-text credential fields (Loki Operator `RulerConfigSpec`): an
///   Alertmanager client's `basicAuth.password` and `headerAuth.credentials` (global and per
///   tenant), and the remote-write client's `additionalHeaders` (free-form, so they may carry an
///   `Authorization` header). The generator reads none of them; each one removed is reported, so
///   that `resolve()` can warn about it.
enum CredentialScrub {
    /// The warning for a removed credential field (the value itself is never quoted).
    static let droppedMessage =
        "credential dropped: it is not stored, and is not needed to generate network policies"

    /// Credential fields under an Alertmanager spec (`spec.alertmanager`, `spec.overrides.<t>.alertmanager`).
    private static let alertmanagerCredentials: [[String]] = [
        ["client", "basicAuth", "password"],
        ["client", "headerAuth", "credentials"],
    ]
    /// Credential fields under `spec.remoteWrite`.
    private static let remoteWriteCredentials: [[String]] = [["client", "additionalHeaders"]]

    /// The warning for a URL with an `@` after its authority (§5.2), removed with what comes
    /// before it (it may end a secret that holds `/`, `?` or `#`).
    static let userInfoPastAuthorityMessage =
        "an '@' after the host: what comes before it was removed, as it may be part of a password "
        + "holding '/', '?' or '#' (the host and port are read as written); "
        + "write an '@' of the path or query as %40"

    /// What a scrub removed: credential fields, in the order the RulerConfig holds them, and the
    /// URL fields whose user info reached past the authority RFC 3986 reads.
    struct Report {
        var dropped: [FieldPath] = []
        var userInfoPastAuthority: [FieldPath] = []
    }

    /// Scrubs `input` in place; reports what it removed (never the values).
    static func apply(to input: inout PolicyInput) -> Report {
        var report = Report()
        if mayHoldUserInfo(input) {
            let lokistack = FieldPath("lokistack")
            scrubString(&input.lokistack, ["spec", "proxy", "httpProxy"], in: lokistack, reading: .storage, report: &report)
            scrubString(&input.lokistack, ["spec", "proxy", "httpsProxy"], in: lokistack, reading: .storage, report: &report)
            if var storage = input.objectStorage {
                let base = FieldPath("objectStorage")
                let changed = [
                    scrubString(&storage, ["endpoint"], in: base, reading: .storage, report: &report),
                    scrubString(&storage, ["authURL"], in: base, reading: .storage, report: &report),
                ].contains(true)
                if changed { input.objectStorage = storage }
            }
        }
        guard var ruler = input.rulerConfig, case .object = ruler["spec"] else { return report }
        let changed = scrubRuler(&ruler, report: &report)
        if changed { input.rulerConfig = ruler }
        return report
    }

    /// A cheap read-only look for an `@` in the LokiStack and object storage URL fields, so that
    /// the usual input, which has none, is not copied.
    private static func mayHoldUserInfo(_ input: PolicyInput) -> Bool {
        func has(_ v: JSONValue?) -> Bool {
            guard case .string(let s)? = v else { return false }
            return s.utf8.contains(UInt8(ascii: "@"))
        }
        let proxy = input.lokistack["spec"]?["proxy"]
        return has(proxy?["httpProxy"]) || has(proxy?["httpsProxy"]) || has(input.objectStorage?["endpoint"])
            || has(input.objectStorage?["authURL"])
    }

    /// Scrubs the RulerConfig `ruler`; true when anything changed.
    private static func scrubRuler(_ ruler: inout JSONValue, report: inout Report) -> Bool {
        let spec = FieldPath("rulerConfig", "spec")
        var changed = modify(&ruler, ["spec", "alertmanager"][...]) { alertmanager in
            scrubAlertmanager(&alertmanager, at: spec.key("alertmanager"), report: &report)
        }
        changed = modify(&ruler, ["spec", "remoteWrite"][...]) { remoteWrite in
            let base = spec.key("remoteWrite")
            var any = [
                scrubString(&remoteWrite, ["client", "url"], in: base, reading: .notRead, report: &report),
                scrubString(&remoteWrite, ["client", "proxyUrl"], in: base, reading: .notRead, report: &report),
            ].contains(true)
            for path in remoteWriteCredentials where remove(&remoteWrite, path[...]) {
                report.dropped.append(path.reduce(base) { $0.key($1) })
                any = true
            }
            return any
        } || changed
        changed = modify(&ruler, ["spec", "overrides"][...]) { overrides in
            guard case .object(var tenants) = overrides else { return false }
            let any = tenants.updateValues { key, tenant in
                let at = spec.key("overrides").key(key).key("alertmanager")
                return modify(&tenant, ["alertmanager"][...]) { scrubAlertmanager(&$0, at: at, report: &report) }
            }
            if any { overrides = .object(tenants) }
            return any
        } || changed
        return changed
    }

    /// Scrubs one Alertmanager spec found at `path`; true when anything changed.
    private static func scrubAlertmanager(_ value: inout JSONValue, at path: FieldPath, report: inout Report) -> Bool {
        var changed = modify(&value, ["endpoints"][...]) { scrubList(&$0, at: path.key("endpoints"), reading: .alertmanager, report: &report) }
        changed = scrubString(&value, ["externalUrl"], in: path, reading: .notRead, report: &report) || changed
        for credential in alertmanagerCredentials where remove(&value, credential[...]) {
            report.dropped.append(credential.reduce(path) { $0.key($1) })
            changed = true
        }
        return changed
    }

    /// Removes the member at `path` when it holds a non-null value; true when removed.
    private static func remove(_ value: inout JSONValue, _ path: ArraySlice<String>) -> Bool {
        guard let last = path.last else { return false }
        return modify(&value, path.dropLast()) { parent in
            guard case .object(var object) = parent, let member = object[last], !member.isNull else { return false }
            object[last] = nil
            parent = .object(object)
            return true
        }
    }

    /// Scrubs the URL string at `path` (keys under `base`); true when it changed.
    @discardableResult
    private static func scrubString(
        _ value: inout JSONValue, _ path: [String], in base: FieldPath, reading: PortReading, report: inout Report
    ) -> Bool {
        modify(&value, path[...]) { v in
            guard case .string(let s) = v else { return false }
            guard let clean = scrubbed(s, at: path.reduce(base) { $0.key($1) }, reading: reading, report: &report)
            else { return false }
            v = .string(clean)
            return true
        }
    }

    private static func scrubList(
        _ value: inout JSONValue, at path: FieldPath, reading: PortReading, report: inout Report
    ) -> Bool {
        guard case .array(var items) = value else { return false }
        var changed = false
        for i in items.indices {
            guard case .string(let s) = items[i],
                let clean = scrubbed(s, at: path.index(i), reading: reading, report: &report)
            else { continue }
            items[i] = .string(clean)
            changed = true
        }
        if changed { value = .array(items) }
        return changed
    }

    /// How the generator reads ports from a URL field (§5.2, §6), or that it reads none.
    enum PortReading {
        case storage, alertmanager, notRead

        func read(_ text: String) -> Result<EndpointURL, EndpointURL.Problem>? {
            switch self {
            case .storage: return EndpointURL.parseStorage(text)
            case .alertmanager: return EndpointURL.parseAlertmanager(text)
            case .notRead: return nil
            }
        }
    }

    /// `text` without user info, or nil when it has none: everything through the last `@`
    /// (`EndpointURL.removingUserInfo`), unless the generator reads ports from the field and that
    /// would change what it reads (§5.2: `https://s3:9000/b@v2` is port 9000; an invalid URL
    /// stays invalid); then the authority's user info and the path, query or fragment through
    /// the last `@`.
    private static func scrubbed(_ text: String, at path: FieldPath, reading: PortReading, report: inout Report) -> String? {
        var clean = EndpointURL.removingUserInfo(text)
        guard clean != text else { return nil }
        if let reference = reading.read(text) {
            var readsTheSame = false
            if case .success = reference { readsTheSame = reading.read(clean) == reference }
            // An invalid URL keeps its authority too, so that it stays the error §5.2 makes it.
            if !readsTheSame { clean = EndpointURL.removingUserInfoKeepingAuthority(text) }
        }
        if EndpointURL.userInfoReachesPastAuthority(text) { report.userInfoPastAuthority.append(path) }
        return clean
    }

    /// Applies `change` to the value at `path` (object keys) when it exists; writes back (and so
    /// copies) only what `change` reports as changed.
    @discardableResult
    private static func modify(
        _ value: inout JSONValue, _ path: ArraySlice<String>, _ change: (inout JSONValue) -> Bool
    ) -> Bool {
        guard let key = path.first else { return change(&value) }
        guard case .object(var object) = value, var child = object[key] else { return false }
        guard modify(&child, path.dropFirst(), change) else { return false }
        object[key] = child
        value = .object(object)
        return true
    }
}
