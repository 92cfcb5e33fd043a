/// What a write's change summary was computed against: the state of the stack the caller
/// assumed. The store writes the summary only when the stack is still in that state inside
/// the write transaction; otherwise it answers ``UpsertOutcome/summaryStale(_:)`` with the
/// revision that is actually current, and nothing is written.
public enum SummaryBasis: Sendable, Hashable {
    /// The stack does not exist (the summary reads `created: …`).
    case absent
    /// The stack is deleted (the summary reads `recreated: …`, whatever its last revision).
    case deleted
    /// The stack is live and its current revision has this policies digest.
    case revision(digest: String)

    /// The basis a stack in this state offers (`previous` `nil`: the stack does not exist).
    public init(_ previous: PreviousRevision?) {
        guard let previous else {
            self = .absent
            return
        }
        self = previous.stackWasDeleted ? .deleted : .revision(digest: previous.digest)
    }
}
