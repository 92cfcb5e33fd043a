/// A `stacks` row joined with its current revision, live or deleted.
struct StackRecord {
    let id: Int64
    let namespace: String
    let name: String
    let inputs: [UInt8]
    let generation: Int64
    let etag: String
    /// Milliseconds since the epoch.
    let createdAt: Int64
    /// Milliseconds since the epoch.
    let updatedAt: Int64
    /// `nil` while the stack is live.
    let deletedAt: Int64?
    /// The current revision (after deletion: the last one).
    let current: RevisionSummary
    /// The most recent deletion, if any.
    let lastDeletion: StackDeletion?

    var isLive: Bool { deletedAt == nil }

    /// The public representation.
    var stored: StoredStack {
        StoredStack(
            namespace: namespace, name: name, inputsJSON: inputs, etag: etag,
            createdAt: Timestamp.rfc3339(createdAt), updatedAt: Timestamp.rfc3339(updatedAt), current: current,
            lastDeletion: lastDeletion)
    }
}
