/// The list limits of `InputLimits`, checked on a new input's envelope form: a list past its limit
/// is an error (HTTP 422) at the list's pointer, the message saying the limit.
///
/// Only the shapes are looked at (a list that is not a list is left to the field's own reader);
/// stored inputs read back with `PolicyInput(envelope:)` are not checked (see `InputLimits`).
enum ListLimits {
    static func check(_ input: PolicyInput, log: inout IssueLog) {
        if let prometheus = input.cluster?["prometheus"] {
            let path = FieldPath("cluster", "prometheus")
            for key in ["podSelector", "namespaceSelector"] {
                if let selector = prometheus[key] { checkSelector(selector, at: path.key(key), log: &log) }
            }
        }
        if let spec = input.rulerConfig?["spec"] {
            let path = FieldPath("rulerConfig", "spec")
            checkEndpoints(spec["alertmanager"], at: path.key("alertmanager"), log: &log)
            if case .object(let overrides)? = spec["overrides"] {
                let overridesPath = path.key("overrides")
                limit(overrides.count, InputLimits.maxRulerOverrideTenants, "tenants", at: overridesPath, log: &log)
                for (tenant, value) in overrides {
                    checkEndpoints(value["alertmanager"], at: overridesPath.key(tenant).key("alertmanager"), log: &log)
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

    private static func checkEndpoints(_ alertmanager: JSONValue?, at path: FieldPath, log: inout IssueLog) {
        guard case .array(let endpoints)? = alertmanager?["endpoints"] else { return }
        limit(endpoints.count, InputLimits.maxAlertmanagerEndpoints, "endpoints", at: path.key("endpoints"), log: &log)
    }

    private static func limit(_ count: Int, _ maximum: Int, _ what: String, at path: FieldPath, log: inout IssueLog) {
        guard count > maximum else { return }
        log.error(path, "has \(count) \(what); at most \(maximum) are accepted")
    }
}
