/// Removes `user:password@` from every URL field the generator reads (spec §1.3), so that an
/// input never holds it once decoded: object storage endpoint and auth URL, proxy URLs, and
/// Alertmanager endpoints (global and per tenant).
enum CredentialScrub {
    static func apply(to input: inout PolicyInput) {
        guard mayHoldUserInfo(input) else { return }
        scrubString(&input.lokistack, ["spec", "proxy", "httpProxy"])
        scrubString(&input.lokistack, ["spec", "proxy", "httpsProxy"])
        if var storage = input.objectStorage {
            let changed = [scrubString(&storage, ["endpoint"]), scrubString(&storage, ["authURL"])].contains(true)
            if changed { input.objectStorage = storage }
        }
        if var ruler = input.rulerConfig {
            var changed = modify(&ruler, ["spec", "alertmanager", "endpoints"][...], scrubList)
            changed = modify(&ruler, ["spec", "overrides"][...]) { overrides in
                guard case .object(var tenants) = overrides else { return false }
                var any = false
                for key in tenants.keys {
                    guard var tenant = tenants[key], modify(&tenant, ["alertmanager", "endpoints"][...], scrubList) else { continue }
                    tenants[key] = tenant
                    any = true
                }
                if any { overrides = .object(tenants) }
                return any
            } || changed
            if changed { input.rulerConfig = ruler }
        }
    }

    /// A cheap read-only look for an `@` in the fields scrubbed, so that the usual input, which has
    /// none, is not copied.
    private static func mayHoldUserInfo(_ input: PolicyInput) -> Bool {
        func has(_ v: JSONValue?) -> Bool {
            guard case .string(let s)? = v else { return false }
            return s.utf8.contains(UInt8(ascii: "@"))
        }
        func anyIn(_ v: JSONValue?) -> Bool {
            guard case .array(let items)? = v else { return false }
            return items.contains { has($0) }
        }
        let proxy = input.lokistack["spec"]?["proxy"]
        if has(proxy?["httpProxy"]) || has(proxy?["httpsProxy"]) { return true }
        if has(input.objectStorage?["endpoint"]) || has(input.objectStorage?["authURL"]) { return true }
        let spec = input.rulerConfig?["spec"]
        if anyIn(spec?["alertmanager"]?["endpoints"]) { return true }
        if case .object(let overrides)? = spec?["overrides"] {
            return overrides.entries.contains { anyIn($0.value["alertmanager"]?["endpoints"]) }
        }
        return false
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
