/// One deletion of a stack: who and when (kept after the stack is re-created).
public struct StackDeletion: Sendable, Hashable {
    /// Who deleted it (the caller's identity, as a revision's author).
    public var author: String
    /// When, RFC 3339 UTC with milliseconds and `Z`.
    public var deletedAt: String
    /// The stack's last revision when it was deleted.
    public var revision: Int

    /// Creates a value from its fields (for stores and test doubles).
    public init(author: String, deletedAt: String, revision: Int) {
        self.author = author
        self.deletedAt = deletedAt
        self.revision = revision
    }
}
