/// A fixed number of PostgreSQL connections, each owned by its own thread (libpq calls
/// block), serving one queue of jobs. A connection found broken is reconnected before its
/// next job; while the server is unreachable jobs fail fast with ``StoreError/unavailable(_:)``.
final class PostgresPool: Sendable {
    private typealias Job = @Sendable (PostgresConnection?) -> Void

    private let queue = JobQueue<Job>()
    private let threads: [ConnectionThread<PostgresSlot>]
    private let counters: Locked<PostgresPoolStatistics>

    /// The most connections a pool opens.
    static let maximumSize = 256

    /// Opens `size` connections (clamped to 1...``maximumSize``) to `url`; the first must
    /// succeed (a wrong URL or password fails at start-up), the others connect lazily.
    init(url: String, size: Int, statementTimeoutMilliseconds: Int) throws(PostgresError) {
        let count = min(max(1, size), Self.maximumSize)
        let first = try PostgresConnection(url: url, statementTimeoutMilliseconds: statementTimeoutMilliseconds)
        let counters = Locked(PostgresPoolStatistics(size: count))
        self.counters = counters
        let queue = self.queue
        threads = (0..<count).map { index in
            let slot = PostgresSlot(
                url: url, statementTimeoutMilliseconds: statementTimeoutMilliseconds, connection: index == 0 ? first : nil)
            return ConnectionThread(name: "PolicyStore postgres \(index)", database: slot) { slot in
                while let job = queue.next() {
                    counters.withLock { $0.busy += 1 }
                    let connection = slot.usable { counters.withLock { $0.reconnects += 1 } }
                    job(connection)
                    connection?.rollback()
                    counters.withLock { $0.busy -= 1 }
                }
            }
        }
    }

    /// Runs `body` on a connection; `nil` is passed when no connection can be made.
    func run<Value: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws(PostgresError) -> Value
    ) async -> Result<Value, PostgresError> {
        let counters = self.counters
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, PostgresError>, Never>) in
            let submitted = queue.submit { connection in
                guard let connection else {
                    continuation.resume(returning: .failure(PostgresError(message: "the database is unreachable")))
                    return
                }
                do throws(PostgresError) {
                    continuation.resume(returning: .success(try body(connection)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            if !submitted {
                continuation.resume(returning: .failure(PostgresError(message: "the store is closed")))
            }
        }
        if case .failure = result { counters.withLock { $0.errors += 1 } }
        return result
    }

    /// Pool use and error counters.
    var statistics: PostgresPoolStatistics {
        var snapshot = counters.withLock { $0 }
        snapshot.waiting = queue.count
        return snapshot
    }

    /// Refuses new jobs, lets queued ones finish and closes the connections.
    func close() {
        queue.close()
        for thread in threads { thread.join() }
    }
}

/// A pool thread's connection, (re)opened on demand.
final class PostgresSlot {
    private let url: String
    private let statementTimeoutMilliseconds: Int
    private var connection: PostgresConnection?

    init(url: String, statementTimeoutMilliseconds: Int, connection: PostgresConnection?) {
        self.url = url
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.connection = connection
    }

    /// The connection, reconnected first when it is missing or broken; `nil` when the server
    /// cannot be reached now. `reconnected` is called after each new connection.
    func usable(reconnected: () -> Void) -> PostgresConnection? {
        if let connection, connection.isConnected { return connection }
        connection = nil
        do throws(PostgresError) {
            connection = try PostgresConnection(url: url, statementTimeoutMilliseconds: statementTimeoutMilliseconds)
            reconnected()
        } catch {
            return nil
        }
        return connection
    }
}

/// Connection-pool figures exported as metrics.
public struct PostgresPoolStatistics: Sendable, Hashable {
    /// Connections (threads) in the pool.
    public var size: Int
    /// Connections running a job now.
    public var busy = 0
    /// Jobs waiting for a connection.
    public var waiting = 0
    /// Connections (re)opened after a loss.
    public var reconnects = 0
    /// Jobs that failed (any database error).
    public var errors = 0
}
