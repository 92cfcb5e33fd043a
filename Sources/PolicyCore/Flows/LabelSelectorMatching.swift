extension LabelSelector {
    /// Kubernetes label selector semantics: every `matchLabels` entry and every
    /// requirement must hold (the empty selector matches everything).
    public func matches(_ labels: LabelMap) -> Bool {
        for entry in matchLabels where labels[entry.key] != entry.value { return false }
        for requirement in matchExpressions where !requirement.matches(labels) { return false }
        return true
    }
}

extension LabelSelectorRequirement {
    /// `In`: the key is present with one of `values`; `NotIn`: the key is absent or its
    /// value is none of `values`; `Exists` / `DoesNotExist`: presence of the key.
    public func matches(_ labels: LabelMap) -> Bool {
        let value = labels[key]
        switch self.operator {
        case .in:
            guard let value else { return false }
            return values.contains(value)
        case .notIn:
            guard let value else { return true }
            return !values.contains(value)
        case .exists:
            return value != nil
        case .doesNotExist:
            return value == nil
        }
    }
}
