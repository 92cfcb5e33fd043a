/// A complete, immutable revision.
public struct StoredRevision: Sendable, Hashable {
    /// The list-level fields.
    public var summary: RevisionSummary
    /// The generator version that produced the policies.
    public var generatorVersion: String
    /// The generator warnings, canonical JSON array as written.
    public var warningsJSON: [UInt8]
    /// The inputs as they were when the revision was made, canonical JSON as written.
    public var inputsJSON: [UInt8]
    /// The policies `List`, canonical JSON as written.
    public var policiesJSON: [UInt8]
    /// The earlier revision whose inputs this one restored; `nil` for an ordinary revision
    /// (and for every revision written before restores existed).
    public var restoredFrom: Int? = nil

    /// Creates a value from its fields (for stores and test doubles).
    public init(
        summary: RevisionSummary, generatorVersion: String, warningsJSON: [UInt8],
        inputsJSON: [UInt8], policiesJSON: [UInt8]
    ) {
        self.summary = summary
        self.generatorVersion = generatorVersion
        self.warningsJSON = warningsJSON
        self.inputsJSON = inputsJSON
        self.policiesJSON = policiesJSON
    }
}
