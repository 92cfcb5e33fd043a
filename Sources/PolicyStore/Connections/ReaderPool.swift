import Glibc

/// A fixed set of read-only connections serving read jobs. In WAL mode readers never wait for
/// the writer. Each connection runs on its own thread, serving a shared queue; more are lent to
/// callers for short point reads (``read(inline:_:)``), which then run on the caller's own
/// thread without the hops to a reader thread and back (on a server pinned to one core, those
/// hops cost more than the read).
final class ReaderPool: Sendable {
    private typealias Job = @Sendable (Database) -> Void

    private let queue = JobQueue<Job>()
    private let threads: [ConnectionThread<Database>]
    private let lent: [LentConnection]

    /// The most reader connections (and threads) a pool opens.
    static let maximumCount = 64

    /// How many connections are lent for inline reads: one per processor, as many as threads
    /// can run a read at once (the server's event loops, the cooperative pool's threads; at most
    /// 16). With one, concurrent callers queued for the reader threads whenever another held
    /// it, and paid the hops again: at 8 callers ≈ 25 % more CPU per `revision(n)` than with
    /// two on two cores (store-bench storage, BENCHMARKS.md). Each opens on its first use.
    static let lentCount = min(max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), 16)

    /// Opens `count` (clamped to 1...``maximumCount``) read-only connections on their threads to
    /// the database at `path`, which must already exist in WAL mode, and prepares the lent ones;
    /// all read object bodies through `objects`.
    init(path: String, count: Int, objects: ObjectCache? = nil) throws(SQLiteError) {
        var databases: [Database] = []
        for _ in 0..<min(max(1, count), Self.maximumCount) {
            databases.append(try Database(path: path, mode: .reader, objects: objects))
        }
        lent = (0..<Self.lentCount).map { _ in LentConnection(path: path, objects: objects) }
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
    /// when a lent connection is free, without suspending; otherwise, and for reads that may
    /// scan (lists, pages), on a reader thread.
    func read<Value: Sendable>(
        inline: Bool = false, _ body: @escaping @Sendable (Database) throws(SQLiteError) -> Value
    ) async throws(StoreError) -> Value {
        if inline, let result = readOnLentConnection(body) {
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

    /// `body`'s result on the first free lent connection, run on the calling thread; `nil`
    /// when every lent connection is held (or the pool is closed).
    func readOnLentConnection<Value>(
        _ body: (Database) throws(SQLiteError) -> Value
    ) -> Result<Value, SQLiteError>? {
        for connection in lent {
            if let result = connection.read(body) { return result }
        }
        return nil
    }

    /// Refuses new reads, lets queued ones finish and closes the connections.
    func close() {
        queue.close()
        for thread in threads { thread.join() }
        for connection in lent { connection.close() }
    }
}
