import Foundation

/// A dedicated thread that owns one connection (a SQLite ``Database``, a PostgreSQL
/// ``PostgresSlot``) and runs a loop with it.
///
/// Database calls block (locks, fsync, network); running them here keeps them off Swift's
/// cooperative pool.
final class ConnectionThread<Connection>: @unchecked Sendable {
    /// Guards `finished`.
    private let condition = NSCondition()
    private var finished = false

    /// Moves the connection into the thread; nothing else touches it afterwards.
    private final class Handoff: @unchecked Sendable {
        private var database: Connection?
        init(_ database: Connection) { self.database = database }
        /// Hands the connection over exactly once.
        func take() -> Connection? {
            defer { database = nil }
            return database
        }
    }

    /// Starts a thread named `name` that runs `loop(database)` and then closes the connection.
    init(name: String, database: Connection, loop: @escaping @Sendable (Connection) -> Void) {
        let handoff = Handoff(database)
        let thread = Thread { [self] in
            // The connection closes at the end of this scope, before `join()` returns.
            do {
                if let database = handoff.take() { loop(database) }
            }
            condition.lock()
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.start()
    }

    /// Blocks until the loop has returned.
    func join() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
