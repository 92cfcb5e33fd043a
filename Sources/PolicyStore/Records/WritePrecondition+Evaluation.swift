extension WritePrecondition {
    /// Whether the condition holds for a stack whose entity tag is `currentETag`
    /// (`nil`: the stack does not exist or is deleted).
    func isSatisfied(byCurrentETag currentETag: String?) -> Bool {
        switch self {
        case .none:
            return true
        case .ifMatch(let tags):
            // Strong comparison: only an identical strong tag matches; ours are never weak.
            guard let currentETag else { return false }
            return tags.contains { $0 == "*" || $0 == currentETag }
        case .ifNoneMatchAny:
            return currentETag == nil
        }
    }
}
