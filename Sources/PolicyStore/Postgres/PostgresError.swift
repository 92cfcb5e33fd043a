/// A failed libpq call: the SQLSTATE (when the server sent one), the message and the SQL it
/// ran. Never carries a password: connection errors are scrubbed of the URL's password.
/// Internal to the store; crosses the module boundary only as a ``StoreError``.
struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE, e.g. `40001`; `nil` for client-side failures (no connection).
    let sqlState: String?
    /// The server's (or libpq's) message.
    let message: String
    /// The statement that failed, when there was one.
    let sql: String?

    init(sqlState: String? = nil, message: String, sql: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    /// A broken store invariant detected by the wrapper code itself.
    static func invariant(_ message: String) -> PostgresError {
        PostgresError(sqlState: "XX000", message: message)
    }

    var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let sql { text += " in: " + sql.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }.joined(separator: " ") }
        return text
    }

    /// Another transaction won a race the retry loop may rerun: serialization failure,
    /// deadlock, or a unique violation (two replicas creating the same stack at once).
    var isRetryable: Bool {
        ["40001", "40P01", "23505"].contains(sqlState ?? "")
    }

    /// The backend-neutral classification: the connection, contention, timeouts and server
    /// shutdown are `unavailable` (503); everything else (constraint failures, unknown
    /// columns) breaks the store's invariants: `corrupt`.
    var storeError: StoreError {
        guard let sqlState else { return .unavailable(description) }
        let transientClasses = ["08", "40", "53", "55", "57", "58"]
        if transientClasses.contains(String(sqlState.prefix(2))) || sqlState == "23505" {
            return .unavailable(description)
        }
        return .corrupt(description)
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: Substring {
        drop { $0 == " " }.reversed().drop { $0 == " " }.reversed().reduce(into: Substring()) { $0.append($1) }
    }
}
