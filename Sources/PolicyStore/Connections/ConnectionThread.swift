import Glibc
import SystemSupport

/// A dedicated thread that owns one connection (a SQLite ``Database``, a PostgreSQL
/// ``PostgresSlot``) and runs a loop with it.
///
/// Database calls block (locks, fsync, network); running them here keeps them off Swift's
/// cooperative pool. The thread is a detached POSIX thread with the default stack size.
final class ConnectionThread<Connection>: @unchecked Sendable {
    /// Guards `finished`.
    private let condition = ConditionLock()
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

    /// Starts a thread named `name` (at most 15 bytes are kept) that runs `loop(database)` and
    /// then closes the connection. A thread that cannot be started stops the process: the store
    /// cannot work without it.
    init(name: String, database: Connection, loop: @escaping @Sendable (Connection) -> Void) {
        let handoff = Handoff(database)
        let status = DetachedThread.spawn(name: name) { [self] in
            // The connection closes at the end of this scope, before `join()` returns.
            do {
                if let database = handoff.take() { loop(database) }
            }
            condition.withLock {
                finished = true
                condition.broadcast()
            }
        }
        if status != 0 {
            fatalError("cannot start the database thread \(name): \(String(cString: strerror(status)))")
        }
    }

    /// Blocks until the loop has returned.
    func join() {
        condition.withLock {
            while !finished { condition.wait() }
        }
    }
}
