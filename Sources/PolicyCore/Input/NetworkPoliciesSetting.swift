/// `spec.networkPolicies` (§2): absent, or an explicit enable/disable.
enum NetworkPoliciesSetting: Equatable {
    case absent
    case enabled
    case disabled

    /// The newer operator form's values.
    enum RuleSet: String, CaseIterable {
        case restrictIngressEgress = "RestrictIngressEgress"
        case none = "None"
    }

    static func read(_ value: JSONValue?, at path: @autoclosure () -> FieldPath, log: inout IssueLog) -> NetworkPoliciesSetting {
        guard let object = log.object(value, at: path(), what: "an object ({disabled: bool} or {ruleSet: ...})") else {
            return value == nil || value == .null ? .absent : .enabled
        }
        let disabled = log.bool(object["disabled"], at: path().key("disabled"))
        let ruleSet = log.enumeration(object["ruleSet"], at: path().key("ruleSet"), RuleSet.self)
        switch (disabled, ruleSet) {
        case (true?, .restrictIngressEgress?), (false?, .none?):
            log.error(path(), "disabled and ruleSet contradict each other: give one, or make them agree")
            return .enabled
        case (true?, _), (_, .none?): return .disabled
        default: return .enabled
        }
    }
}
