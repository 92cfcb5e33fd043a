/// The list limits of `InputLimits`, checked on a new input's envelope form: a list past its limit
/// is an error (HTTP 422) at the list's pointer, the message saying the limit.
///
/// Only the shapes are looked at (a list that is not a list is left to the field's own reader);
/// stored inputs read back with `PolicyInput(envelope:)` are not checked (see `InputLimits`).
enum ListLimits {
    /// Logs an error for every list past its limit and returns the input with those lists cut to
    /// their limit, for the rest of validation: the errors about their items stay bounded too.
    static func bounded(_ input: PolicyInput, log: inout IssueLog) -> PolicyInput {
        let before = log.errors.count
        check(input, log: &log)
        guard log.errors.count != before else { return input }
        var bounded = input
        for issue in log.errors[before...] {
            guard case .key(let part)? = issue.path.components.first else { continue }
            let rest = issue.path.components.dropFirst()
            let limit = maximum(at: issue.path)
            switch part {
            case "cluster": bounded.cluster = bounded.cluster.map { truncating($0, at: rest, to: limit) }
            case "rulerConfig": bounded.rulerConfig = bounded.rulerConfig.map { truncating($0, at: rest, to: limit) }
            case "objectStorage": bounded.objectStorage = bounded.objectStorage.map { truncating($0, at: rest, to: limit) }
            case "supplementary": bounded.supplementary = bounded.supplementary.map { truncating($0, at: rest, to: limit) }
            default: continue
            }
        }
        return bounded
    }

    /// The limit of the list at `path` (one of the pointers `check` reports).
    private static func maximum(at path: FieldPath) -> Int {
        guard case .key(let last)? = path.components.last else { return .max }
        let supplementary = path.components.first == .key("supplementary")
        switch last {
        case "supplementary": return InputLimits.maxSupplementaryPolicies
        case "ingress", "egress": return InputLimits.maxSupplementaryRules
        case "from", "to": return InputLimits.maxSupplementaryPeers
        case "ports" where supplementary: return InputLimits.maxSupplementaryPorts
        case "matchLabels": return InputLimits.maxSelectorMatchLabels
        case "matchExpressions": return InputLimits.maxSelectorMatchExpressions
        case "values": return InputLimits.maxSelectorExpressionValues
        case "endpoints": return InputLimits.maxAlertmanagerEndpoints
        case "overrides": return InputLimits.maxRulerOverrideTenants
        case "endpointSlices": return InputLimits.maxEndpointSlices
        case "ports":
            return path.components.contains(.key("service")) ? InputLimits.maxServicePorts : InputLimits.maxEndpointSlicePorts
        default: return .max
        }
    }

    /// `value` with the list or map at `path` cut to its first `limit` members.
    private static func truncating(_ value: JSONValue, at path: ArraySlice<FieldPath.Component>, to limit: Int) -> JSONValue {
        guard let first = path.first else {
            switch value {
            case .array(let items): return .array(Array(items.prefix(limit)))
            case .object(let object): return .object(JSONObject(uniqueEntries: Array(object.entries.prefix(limit))))
            default: return value
            }
        }
        switch (first, value) {
        case (.key(let key), .object(var object)):
            guard let child = object[key] else { return value }
            object[key] = truncating(child, at: path.dropFirst(), to: limit)
            return .object(object)
        case (.index(let i), .array(var items)) where items.indices.contains(i):
            items[i] = truncating(items[i], at: path.dropFirst(), to: limit)
            return .array(items)
        default: return value
        }
    }

    private static func check(_ input: PolicyInput, log: inout IssueLog) {
        if let prometheus = input.cluster?["prometheus"] {
            let path = FieldPath("cluster", "prometheus")
            for key in ["podSelector", "namespaceSelector"] {
                if let selector = prometheus[key] { checkSelector(selector, at: path.key(key), log: &log) }
            }
        }
        if let spec = input.rulerConfig?["spec"] {
            let path = FieldPath("rulerConfig", "spec")
            var total = 0
            checkEndpoints(spec["alertmanager"], at: path.key("alertmanager"), total: &total, log: &log)
            if case .object(let overrides)? = spec["overrides"] {
                let overridesPath = path.key("overrides")
                limit(overrides.count, InputLimits.maxRulerOverrideTenants, "tenants", at: overridesPath, log: &log)
                for (tenant, value) in overrides.entries.prefix(InputLimits.maxRulerOverrideTenants) {
                    checkEndpoints(value["alertmanager"], at: overridesPath.key(tenant).key("alertmanager"), total: &total, log: &log)
                }
            }
        }
        if let storage = input.objectStorage {
            let path = FieldPath("objectStorage")
            if case .array(let ports)? = storage["service"]?["spec"]?["ports"] {
                limit(ports.count, InputLimits.maxServicePorts, "ports", at: path.key("service").key("spec").key("ports"), log: &log)
            }
            if case .array(let slices)? = storage["endpointSlices"] {
                let slicesPath = path.key("endpointSlices")
                limit(slices.count, InputLimits.maxEndpointSlices, "EndpointSlices", at: slicesPath, log: &log)
                for (i, slice) in slices.enumerated() {
                    if case .array(let ports)? = slice["ports"] {
                        limit(ports.count, InputLimits.maxEndpointSlicePorts, "ports", at: slicesPath.index(i).key("ports"), log: &log)
                    }
                }
            }
        }
        if case .array(let policies)? = input.supplementary {
            let path = FieldPath("supplementary")
            limit(policies.count, InputLimits.maxSupplementaryPolicies, "policies", at: path, log: &log)
            var total = 0
            for (i, policy) in policies.prefix(InputLimits.maxSupplementaryPolicies).enumerated() {
                checkPolicy(policy, at: path.index(i), total: &total, log: &log)
            }
        }
    }

    /// A supplementary NetworkPolicy: its rules, their peers and ports, and every selector;
    /// `total` counts the peers and ports of all supplementary policies so far.
    private static func checkPolicy(_ policy: JSONValue, at path: FieldPath, total: inout Int, log: inout IssueLog) {
        guard let spec = policy["spec"] else { return }
        let specPath = path.key("spec")
        if let selector = spec["podSelector"] { checkSelector(selector, at: specPath.key("podSelector"), log: &log) }
        for (direction, peersKey) in [("ingress", "from"), ("egress", "to")] {
            guard case .array(let rules)? = spec[direction] else { continue }
            let rulesPath = specPath.key(direction)
            limit(rules.count, InputLimits.maxSupplementaryRules, "rules", at: rulesPath, log: &log)
            for (r, rule) in rules.prefix(InputLimits.maxSupplementaryRules).enumerated() {
                let rulePath = rulesPath.index(r)
                if case .array(let peers)? = rule[peersKey] {
                    count(peers.count, InputLimits.maxSupplementaryPeers, at: rulePath.key(peersKey), total: &total, log: &log)
                }
                if case .array(let ports)? = rule["ports"] {
                    limit(ports.count, InputLimits.maxSupplementaryPorts, "ports", at: rulePath.key("ports"), log: &log)
                    count(ports.count, InputLimits.maxSupplementaryPorts, at: rulePath.key("ports"), total: &total, log: &log)
                }
                guard case .array(let peers)? = rule[peersKey] else { continue }
                limit(peers.count, InputLimits.maxSupplementaryPeers, "peers", at: rulePath.key(peersKey), log: &log)
                for (p, peer) in peers.prefix(InputLimits.maxSupplementaryPeers).enumerated() {
                    for key in ["podSelector", "namespaceSelector"] {
                        if let selector = peer[key] { checkSelector(selector, at: rulePath.key(peersKey).index(p).key(key), log: &log) }
                    }
                }
            }
        }
    }

    private static func checkSelector(_ selector: JSONValue, at path: FieldPath, log: inout IssueLog) {
        if case .object(let labels)? = selector["matchLabels"] {
            limit(labels.count, InputLimits.maxSelectorMatchLabels, "labels", at: path.key("matchLabels"), log: &log)
        }
        guard case .array(let expressions)? = selector["matchExpressions"] else { return }
        let expressionsPath = path.key("matchExpressions")
        limit(expressions.count, InputLimits.maxSelectorMatchExpressions, "expressions", at: expressionsPath, log: &log)
        for (i, expression) in expressions.enumerated() {
            if case .array(let values)? = expression["values"] {
                limit(values.count, InputLimits.maxSelectorExpressionValues, "values", at: expressionsPath.index(i).key("values"), log: &log)
            }
        }
    }

    /// One `endpoints` list: its own limit, then the running `total` (document order, each list
    /// counted up to its own limit) against `maxAlertmanagerEndpointsInAll`, reported once, at the
    /// list that crosses it.
    private static func checkEndpoints(_ alertmanager: JSONValue?, at path: FieldPath, total: inout Int, log: inout IssueLog) {
        guard case .array(let endpoints)? = alertmanager?["endpoints"] else { return }
        limit(endpoints.count, InputLimits.maxAlertmanagerEndpoints, "endpoints", at: path.key("endpoints"), log: &log)
        let maximum = InputLimits.maxAlertmanagerEndpointsInAll
        let before = total
        total += min(endpoints.count, InputLimits.maxAlertmanagerEndpoints)
        if before <= maximum, total > maximum {
            log.error(
                path.key("endpoints"),
                "brings the Alertmanager endpoints of the RulerConfig to \(total) (spec.alertmanager and every tenant's); "
                    + "at most \(maximum) are accepted in all")
        }
    }

    /// Adds a supplementary rule's peer or port list (counted up to `listMaximum`) to `total`; an
    /// error at the list that brings it past `InputLimits.maxSupplementaryPeersAndPortsInAll`.
    private static func count(_ count: Int, _ listMaximum: Int, at path: FieldPath, total: inout Int, log: inout IssueLog) {
        let maximum = InputLimits.maxSupplementaryPeersAndPortsInAll
        let before = total
        total += min(count, listMaximum)
        if before <= maximum, total > maximum {
            log.error(
                path, "brings the peers and ports of the supplementary policies to \(total); at most \(maximum) are "
                    + "accepted in all (every rule of every policy)")
        }
    }

    private static func limit(_ count: Int, _ maximum: Int, _ what: String, at path: FieldPath, log: inout IssueLog) {
        guard count > maximum else { return }
        log.error(path, "has \(count) \(what); at most \(maximum) are accepted")
    }
}
