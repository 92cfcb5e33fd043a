/// A condition on the stack's entity tag, evaluated inside the write transaction.
public enum WritePrecondition: Sendable, Hashable {
    /// Unconditional.
    case none
    /// `If-Match`: the stack must exist (and not be deleted) and its entity tag
    /// must equal one of these, by strong comparison. Elements are entity-tags
    /// exactly as sent, quotes included (`"\"a1b2\""`); `"*"` matches any existing
    /// stack; weak tags (`W/"…"`) never match.
    case ifMatch([String])
    /// `If-None-Match: *`: the stack must not exist (create-only).
    case ifNoneMatchAny
}
