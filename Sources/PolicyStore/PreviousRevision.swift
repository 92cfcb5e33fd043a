/// The revision a new revision is summarised against (see ``UpsertOutcome/summaryStale(_:)``).
public struct PreviousRevision: Sendable, Hashable {
    /// Its number; the new revision gets `number + 1`.
    public var number: Int
    /// Its policies' digest.
    public var digest: String
    /// Its canonical policies `List`.
    public var policiesJSON: [UInt8]
    /// `true` when the stack was deleted and is being re-created (the summary
    /// then reads `recreated: …`).
    public var stackWasDeleted: Bool

    /// Creates a value from its fields (for stores and test doubles).
    public init(number: Int, digest: String, policiesJSON: [UInt8], stackWasDeleted: Bool) {
        self.number = number
        self.digest = digest
        self.policiesJSON = policiesJSON
        self.stackWasDeleted = stackWasDeleted
    }
}
