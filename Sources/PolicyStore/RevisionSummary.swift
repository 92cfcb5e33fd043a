/// The list-level fields of a revision (the `currentRevision` representation).
public struct RevisionSummary: Sendable, Hashable {
    /// 1, 2, 3, … per stack, without gaps.
    public var number: Int
    /// Digest of the revision's policy set.
    public var digest: String
    /// Whether network policies were enabled.
    public var enabled: Bool
    /// The enablement reason string.
    public var reason: String
    /// Who made the change.
    public var author: String
    /// When the revision was committed, RFC 3339 UTC with milliseconds and `Z`.
    public var createdAt: String
    /// The change summary against the previous revision.
    public var changeSummary: String

    /// Creates a value from its fields (for stores and test doubles).
    public init(
        number: Int, digest: String, enabled: Bool, reason: String, author: String,
        createdAt: String, changeSummary: String
    ) {
        self.number = number
        self.digest = digest
        self.enabled = enabled
        self.reason = reason
        self.author = author
        self.createdAt = createdAt
        self.changeSummary = changeSummary
    }
}
