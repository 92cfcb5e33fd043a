import CSQLite

/// A failed SQLite call: its extended result code and message. Internal to the
/// store; crosses the module boundary only as a ``StoreError``.
struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_CONSTRAINT_TRIGGER`, …).
    let code: Int32
    /// SQLite's message, plus context when the wrapper adds some.
    let message: String

    /// The primary result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`, …).
    var primaryCode: Int32 { code & 0xFF }

    /// A broken store invariant detected by the wrapper code itself.
    static func invariant(_ message: String) -> SQLiteError {
        SQLiteError(code: SQLITE_INTERNAL, message: message)
    }

    var description: String { "\(message) (SQLite code \(code))" }

    /// The backend-neutral classification: transient conditions are `unavailable`,
    /// broken files or invariants (including failed constraints) are `corrupt`.
    var storeError: StoreError {
        switch primaryCode {
        case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN,
            SQLITE_READONLY, SQLITE_NOMEM, SQLITE_PROTOCOL, SQLITE_INTERRUPT, SQLITE_PERM,
            SQLITE_NOLFS, SQLITE_AUTH:
            .unavailable(message)
        default:
            .corrupt(message)
        }
    }
}
