/// A live stack as listed: everything of ``StoredStack`` except its inputs.
public struct StackSummary: Sendable, Hashable {
    /// The Kubernetes namespace of the LokiStack.
    public var namespace: String
    /// The LokiStack name.
    public var name: String
    /// The stack's entity tag (see ``StoredStack/etag``).
    public var etag: String
    /// RFC 3339 UTC with milliseconds and `Z`.
    public var createdAt: String
    /// RFC 3339 UTC with milliseconds and `Z`.
    public var updatedAt: String
    /// The current revision.
    public var current: RevisionSummary

    /// Creates a value from its fields (for stores and test doubles).
    public init(
        namespace: String, name: String, etag: String, createdAt: String, updatedAt: String,
        current: RevisionSummary
    ) {
        self.namespace = namespace
        self.name = name
        self.etag = etag
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.current = current
    }
}
