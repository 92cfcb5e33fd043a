/// Removes credentials from an input as it is built, so that a `PolicyInput` never holds them:
///
/// - `user:password@` from every URL field (spec §1.3): object storage endpoint and auth URL,
///   proxy URLs, and in the RulerConfig the Alertmanager endpoints and external URL (global and
///   per tenant) and the remote-write URL and proxy URL. Everything from the authority's start
///   through the string's last `@` is removed (`EndpointURL.removingUserInfo`), since secret keys
///   may hold `/`, `?` or `#`. Silent: the rest of the URL is kept.
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

    /// Scrubs `input` in place; returns the paths of the credential fields removed, in the order
    /// the RulerConfig holds them.
    static func apply(to input: inout PolicyInput) -> [FieldPath] {
        if mayHoldUserInfo(input) {
            scrubString(&input.lokistack, ["spec", "proxy", "httpProxy"])
            scrubString(&input.lokistack, ["spec", "proxy", "httpsProxy"])
            if var storage = input.objectStorage {
                let changed = [scrubString(&storage, ["endpoint"]), scrubString(&storage, ["authURL"])].contains(true)
                if changed { input.objectStorage = storage }
            }
        }
        guard var ruler = input.rulerConfig, case .object = ruler["spec"] else { return [] }
        var dropped: [FieldPath] = []
        let changed = scrubRuler(&ruler, dropped: &dropped)
        if changed { input.rulerConfig = ruler }
        return dropped
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
    private static func scrubRuler(_ ruler: inout JSONValue, dropped: inout [FieldPath]) -> Bool {
        let spec = FieldPath("rulerConfig", "spec")
        var changed = modify(&ruler, ["spec", "alertmanager"][...]) { alertmanager in
            scrubAlertmanager(&alertmanager, at: spec.key("alertmanager"), dropped: &dropped)
        }
        changed = modify(&ruler, ["spec", "remoteWrite"][...]) { remoteWrite in
            var any = [scrubString(&remoteWrite, ["client", "url"]), scrubString(&remoteWrite, ["client", "proxyUrl"])]
                .contains(true)
            for path in remoteWriteCredentials where remove(&remoteWrite, path[...]) {
                dropped.append(path.reduce(spec.key("remoteWrite")) { $0.key($1) })
                any = true
            }
            return any
        } || changed
        changed = modify(&ruler, ["spec", "overrides"][...]) { overrides in
            guard case .object(var tenants) = overrides else { return false }
            var any = false
            for key in tenants.keys {
                guard var tenant = tenants[key] else { continue }
                let at = spec.key("overrides").key(key).key("alertmanager")
                guard modify(&tenant, ["alertmanager"][...], { scrubAlertmanager(&$0, at: at, dropped: &dropped) })
                else { continue }
                tenants[key] = tenant
                any = true
            }
            if any { overrides = .object(tenants) }
            return any
        } || changed
        return changed
    }

    /// Scrubs one Alertmanager spec found at `path`; true when anything changed.
    private static func scrubAlertmanager(_ value: inout JSONValue, at path: FieldPath, dropped: inout [FieldPath]) -> Bool {
        var changed = modify(&value, ["endpoints"][...], scrubList)
        changed = scrubString(&value, ["externalUrl"]) || changed
        for credential in alertmanagerCredentials where remove(&value, credential[...]) {
            dropped.append(credential.reduce(path) { $0.key($1) })
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

    @discardableResult
    private static func scrubString(_ value: inout JSONValue, _ path: [String]) -> Bool {
        modify(&value, path[...]) { v in
            guard case .string(let s) = v else { return false }
            let clean = EndpointURL.removingUserInfo(s)
            if clean == s { return false }
            v = .string(clean)
            return true
        }
    }

    private static func scrubList(_ value: inout JSONValue) -> Bool {
        guard case .array(var items) = value else { return false }
        var changed = false
        for i in items.indices {
            guard case .string(let s) = items[i] else { continue }
            let clean = EndpointURL.removingUserInfo(s)
            if clean != s {
                items[i] = .string(clean)
                changed = true
            }
        }
        if changed { value = .array(items) }
        return changed
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
