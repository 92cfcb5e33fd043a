/// Why a store operation failed. Backend error codes never leak through it.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The page cursor is malformed or belongs to another listing (HTTP 400).
    case badCursor
    /// The database cannot serve right now: busy, I/O error, disk full, closed
    /// store. Transient from the caller's view (HTTP 503).
    case unavailable(String)
    /// Stored data or the database file violate the store's invariants (HTTP 500).
    case corrupt(String)
    /// Start-up refused: a migration failed, an applied migration was changed,
    /// or the database schema is newer than this binary.
    case migration(String)

    public var description: String {
        switch self {
        case .badCursor: "invalid page cursor"
        case .unavailable(let detail): "database unavailable: \(detail)"
        case .corrupt(let detail): "database corrupt: \(detail)"
        case .migration(let detail): "database migration: \(detail)"
        }
    }
}
