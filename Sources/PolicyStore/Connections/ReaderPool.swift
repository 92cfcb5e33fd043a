/// A fixed set of read-only connections, each on its own thread, serving a
/// shared queue of read jobs. In WAL mode readers never wait for the writer.
final class ReaderPool: Sendable {
    private typealias Job = @Sendable (Database) -> Void

    private let queue = JobQueue<Job>()
    private let threads: [ConnectionThread<Database>]

    /// The most reader connections (and threads) a pool opens.
    static let maximumCount = 64

    /// Opens `count` (clamped to 1...``maximumCount``) read-only connections to
    /// the database at `path`, which must already exist in WAL mode.
    init(path: String, count: Int) throws(SQLiteError) {
        var databases: [Database] = []
        for _ in 0..<min(max(1, count), Self.maximumCount) {
            databases.append(try Database(path: path, mode: .reader))
        }
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

    /// Runs `body` on a reader connection and returns its result.
    func read<Value: Sendable>(
        _ body: @escaping @Sendable (Database) throws(SQLiteError) -> Value
    ) async throws(StoreError) -> Value {
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
    }
}
