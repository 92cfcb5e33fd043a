/// A fixed set of read-only connections serving read jobs. In WAL mode readers never wait for
/// the writer. Each connection runs on its own thread, serving a shared queue; one more is lent
/// to callers for short point reads (``read(inline:_:)``), which then run on the caller's own
/// thread without the hops to a reader thread and back (on a server pinned to one core, those
/// hops cost more than the read).
final class ReaderPool: Sendable {
    private typealias Job = @Sendable (Database) -> Void

    private let queue = JobQueue<Job>()
    private let threads: [ConnectionThread<Database>]
    private let lent: LentConnection

    /// The most reader connections (and threads) a pool opens.
    static let maximumCount = 64

    /// Opens `count` (clamped to 1...``maximumCount``) read-only connections on their threads,
    /// and the lent one, to the database at `path`, which must already exist in WAL mode.
    init(path: String, count: Int) throws(SQLiteError) {
        var databases: [Database] = []
        for _ in 0..<min(max(1, count), Self.maximumCount) {
            databases.append(try Database(path: path, mode: .reader))
        }
        lent = LentConnection(try Database(path: path, mode: .reader))
        let queue = self.queue
        threads = databases.enumerated().map { index, database in
            ConnectionThread(name: "PolicyStore reader \(index)", database: database) { database in
                while let job = queue.next() {
                    job(database)
                    // A read never leaves its snapshot open (it would pin the WAL).
                    database.rollback()
                }
            }
        }
    }

    /// Runs `body` on a reader connection and returns its result. With `inline`, for a point
    /// read that takes microseconds (one row by key), `body` runs at once on the calling thread
    /// when the lent connection is free, without suspending; otherwise, and for reads that may
    /// scan (lists, pages), on a reader thread.
    func read<Value: Sendable>(
        inline: Bool = false, _ body: @escaping @Sendable (Database) throws(SQLiteError) -> Value
    ) async throws(StoreError) -> Value {
        if inline, let result = lent.read(body) {
            return try result.mapError { $0.storeError }.get()
        }
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, StoreError>, Never>) in
            let submitted = queue.submit { database in
                do throws(SQLiteError) {
                    continuation.resume(returning: .success(try body(database)))
                } catch {
                    continuation.resume(returning: .failure(error.storeError))
                }
            }
            if !submitted { continuation.resume(returning: .failure(.unavailable("the store is closed"))) }
        }
        return try result.get()
    }

    /// Refuses new reads, lets queued ones finish and closes the connections.
    func close() {
        queue.close()
        for thread in threads { thread.join() }
        lent.close()
    }
}

/// The connection ``ReaderPool`` lends for inline point reads: one caller at a time, whichever
/// thread it is on (the connection is opened `NOMUTEX`; the lock hands it over between threads).
private final class LentConnection: @unchecked Sendable {
    private let lock = ConditionLock()
    private var database: Database?

    init(_ database: Database) {
        self.database = database
    }

    /// `body`'s result on the connection; `nil` when another caller holds it or it is closed.
    func read<Value>(_ body: (Database) throws(SQLiteError) -> Value) -> Result<Value, SQLiteError>? {
        lock.withLockIfAvailable { () -> Result<Value, SQLiteError>? in
            guard let database else { return nil }
            // A read never leaves its snapshot open (it would pin the WAL).
            defer { database.rollback() }
            do throws(SQLiteError) { return .success(try body(database)) } catch { return .failure(error) }
        } ?? nil
    }

    /// Closes the connection once no read holds it.
    func close() {
        lock.withLock { database = nil }
    }
}
