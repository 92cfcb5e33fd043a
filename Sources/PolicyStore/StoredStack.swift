/// A live stack: its current inputs and current revision.
public struct StoredStack: Sendable, Hashable {
    /// The Kubernetes namespace of the LokiStack.
    public var namespace: String
    /// The LokiStack name.
    public var name: String
    /// The current inputs, canonical JSON as last written (may differ from the
    /// current revision's inputs when a later write left the digest unchanged).
    public var inputsJSON: [UInt8]
    /// Opaque strong entity tag, quotes included (`"…"`). It changes whenever the
    /// inputs or the current revision change (and on deletion/re-creation), never otherwise.
    public var etag: String
    /// When the stack was (re-)created, RFC 3339 UTC with milliseconds and `Z`.
    public var createdAt: String
    /// When its inputs or current revision last changed, same format.
    public var updatedAt: String
    /// The current revision.
    public var current: RevisionSummary
    /// The stack's most recent deletion, when it was deleted and re-created since.
    public var lastDeletion: StackDeletion?

    /// Creates a value from its fields (for stores and test doubles).
    public init(
        namespace: String, name: String, inputsJSON: [UInt8], etag: String,
        createdAt: String, updatedAt: String, current: RevisionSummary, lastDeletion: StackDeletion? = nil
    ) {
        self.namespace = namespace
        self.name = name
        self.inputsJSON = inputsJSON
        self.etag = etag
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.current = current
        self.lastDeletion = lastDeletion
    }

    /// The list representation of this stack.
    public var summary: StackSummary {
        StackSummary(
            namespace: namespace, name: name, etag: etag, createdAt: createdAt,
            updatedAt: updatedAt, current: current)
    }
}
