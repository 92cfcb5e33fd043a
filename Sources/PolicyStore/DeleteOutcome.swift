/// The result of ``StackStore/delete(namespace:name:precondition:)``.
public enum DeleteOutcome: Sendable, Hashable {
    /// The stack is marked deleted (HTTP 204).
    case deleted
    /// The stack never existed or is already deleted, whatever the precondition (HTTP 404).
    case notFound
    /// The stack exists but the ``WritePrecondition`` did not hold (HTTP 412).
    case preconditionFailed
}
