/// Removes `user:password@` from every URL field the generator reads (spec §1.3), so that an
/// input never holds it once decoded: object storage endpoint and auth URL, proxy URLs, and
/// Alertmanager endpoints (global and per tenant).
enum CredentialScrub {
    static func apply(to input: inout PolicyInput) {
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
