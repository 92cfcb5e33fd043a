/// The result of ``StackStore/upsert(_:)``.
public enum UpsertOutcome: Sendable, Hashable {
    /// The write is committed (or was a no-op because nothing changed).
    ///
    /// - `stack`: the stack as stored after the write.
    /// - `created`: the stack did not exist or was deleted (HTTP 201).
    /// - `revisionCreated`: a new revision was appended (it is `stack.current`).
    case written(stack: StoredStack, created: Bool, revisionCreated: Bool)
    /// The ``WritePrecondition`` did not hold; nothing was written (HTTP 412).
    case preconditionFailed
}
