/// The conditions of a write on the stack's entity tag (`If-Match`, `If-None-Match`).
///
/// One evaluation, ``isSatisfied(byCurrentETag:)``, serves both the service's early check
/// (before the body is read) and the store's re-check inside the write transaction, so
/// concurrent writers cannot both pass it.
public struct WritePrecondition: Sendable, Hashable, CustomStringConvertible {
    /// `If-Match`: `nil` when absent. Otherwise the stack must exist (and not be deleted) and
    /// its entity tag must equal one of these by strong comparison. Elements are entity-tags
    /// exactly as sent, quotes included (`"\"a1b2\""`); `"*"` matches any existing stack;
    /// weak tags (`W/"…"`) never match; an empty list (a malformed field) never passes.
    public var ifMatch: [String]?
    /// `If-None-Match`: `nil` when absent. Otherwise the stack's entity tag must equal none of
    /// these by weak comparison; `"*"` means the stack must not exist (create-only).
    public var ifNoneMatch: [String]?

    /// Creates a condition from its two fields (`nil`: the field is absent).
    public init(ifMatch: [String]? = nil, ifNoneMatch: [String]? = nil) {
        self.ifMatch = ifMatch
        self.ifNoneMatch = ifNoneMatch
    }

    /// Unconditional.
    public static let none = WritePrecondition()

    /// `If-Match` with these tags.
    public static func ifMatch(_ tags: [String]) -> WritePrecondition { WritePrecondition(ifMatch: tags) }

    /// `If-None-Match: *`: the stack must not exist (create-only).
    public static let ifNoneMatchAny = WritePrecondition(ifNoneMatch: ["*"])

    /// Whether the conditions hold for a stack whose entity tag is `currentETag` (`nil`: the
    /// stack does not exist or is deleted). Our tags are strong (`"…"`).
    public func isSatisfied(byCurrentETag currentETag: String?) -> Bool {
        if let ifMatch {
            guard let currentETag, ifMatch.contains(where: { $0 == "*" || $0 == currentETag }) else { return false }
        }
        if let ifNoneMatch, let currentETag {
            // Weak comparison: `W/"x"` matches `"x"`.
            let matches = ifNoneMatch.contains { $0 == "*" || $0 == currentETag || $0 == "W/" + currentETag }
            if matches { return false }
        }
        return true
    }

    public var description: String {
        switch (ifMatch, ifNoneMatch) {
        case (nil, nil): "none"
        case (let tags?, nil): "ifMatch(\(tags))"
        case (nil, ["*"]): "ifNoneMatchAny"
        case (nil, let tags?): "ifNoneMatch(\(tags))"
        case (let match?, let noneMatch?): "ifMatch(\(match)) ifNoneMatch(\(noneMatch))"
        }
    }
}
