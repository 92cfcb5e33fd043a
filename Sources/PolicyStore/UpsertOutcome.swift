/// The result of ``StackStore/upsert(_:)``.
public enum UpsertOutcome: Sendable, Hashable {
    /// The write is committed (or was a no-op because nothing changed).
    ///
    /// - `stack`: the stack as stored after the write (its new entity tag, current revision).
    /// - `created`: the stack did not exist or was deleted (HTTP 201).
    /// - `revisionCreated`: a new revision was appended (it is `stack.current`).
    case written(stack: StoredStack, created: Bool, revisionCreated: Bool)
    /// The ``WritePrecondition`` did not hold; nothing was written (HTTP 412).
    case preconditionFailed
    /// The write would create a revision but the stack is not in the state its change
    /// summary was computed against (``StackWrite/summaryBasis``); nothing was written. The
    /// value is the revision that is current (`nil`: the stack does not exist): compute the
    /// summary against it (outside the store) and write again; each such answer means another
    /// writer committed a revision of the same stack in between.
    case summaryStale(PreviousRevision?)
}
