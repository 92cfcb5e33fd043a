/// The single writer connection with group commit.
///
/// Writes queue up while the previous transaction commits; the writer thread
/// then runs everything queued (up to ``maximumBatch``) in one `BEGIN IMMEDIATE`
/// … `COMMIT`, each write inside its own `SAVEPOINT` so a failing write is rolled
/// back alone. Callers are answered only after `COMMIT` returned, i.e. when their
/// write is durable (`synchronous=FULL` in WAL fsyncs the log on every commit).
final class GroupCommitWriter: Sendable {
    /// A queued write.
    struct Job: Sendable {
        /// Runs the write inside its savepoint (on the writer thread).
        let perform: @Sendable (Database) -> Performed
        /// Answers a job that could not run (its batch could not begin).
        let abandon: @Sendable (StoreError) -> Void
    }

    /// What a job did, and how to answer its caller once the batch ended.
    struct Performed: Sendable {
        /// `false`: the write failed and its savepoint must be rolled back.
        let succeeded: Bool
        /// Answers the caller: `nil` when the batch committed, else why it did not.
        let answer: @Sendable (StoreError?) -> Void
    }

    /// The most writes in one transaction.
    static let maximumBatch = 512

    private let queue = JobQueue<Job>()
    private let thread: ConnectionThread<Database>
    private let counters = Locked(StoreStatistics())

    /// Takes over `database`, a configured writer connection.
    init(database: Database) {
        let queue = self.queue
        let counters = self.counters
        thread = ConnectionThread(name: "PolicyStore writer", database: database) { database in
            while case let batch = queue.drain(limit: Self.maximumBatch), !batch.isEmpty {
                Self.commit(batch, on: database, counters: counters)
            }
        }
    }

    /// Transactions and writes committed so far.
    var statistics: StoreStatistics { counters.withLock { $0 } }

    /// Writes queued for the next batch.
    var pendingWrites: Int { queue.count }

    /// Runs `body` as one write of the next batch and returns its result once the
    /// batch is committed. An error thrown by `body` rolls back only its own changes.
    func write<Value: Sendable>(
        _ body: @escaping @Sendable (Database) throws(SQLiteError) -> Value
    ) async throws(StoreError) -> Value {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Value, StoreError>, Never>) in
            let job = Job(
                perform: { database in
                    do throws(SQLiteError) {
                        let value = try body(database)
                        return Performed(succeeded: true) { commitError in
                            continuation.resume(returning: commitError.map { .failure($0) } ?? .success(value))
                        }
                    } catch {
                        let failure = error.storeError
                        return Performed(succeeded: false) { _ in continuation.resume(returning: .failure(failure)) }
                    }
                },
                abandon: { continuation.resume(returning: .failure($0)) })
            if !queue.submit(job) { continuation.resume(returning: .failure(.unavailable("the store is closed"))) }
        }
        return try result.get()
    }

    /// Refuses new writes, commits queued ones and closes the connection.
    func close() {
        queue.close()
        thread.join()
    }

    /// Runs one batch in one transaction and answers every caller after it ended.
    private static func commit(_ batch: [Job], on database: Database, counters: Locked<StoreStatistics>) {
        do {
            try database.run("BEGIN IMMEDIATE")
        } catch {
            database.rollback()
            for job in batch { job.abandon(error.storeError) }
            return
        }
        var performed: [Performed] = []
        performed.reserveCapacity(batch.count)
        var batchError: StoreError?
        for job in batch {
            if let batchError {
                job.abandon(batchError)
                continue
            }
            do {
                try database.run("SAVEPOINT write")
                let outcome = job.perform(database)
                performed.append(outcome)
                if !outcome.succeeded { try database.run("ROLLBACK TO write") }
                try database.run("RELEASE write")
            } catch {
                // The savepoint machinery itself failed: the transaction cannot be trusted.
                batchError = error.storeError
            }
        }
        if batchError == nil {
            do {
                try database.run("COMMIT")
            } catch {
                batchError = error.storeError
            }
        }
        if let batchError {
            database.rollback()
            for outcome in performed { outcome.answer(batchError) }
            return
        }
        let committedWrites = performed.lazy.filter(\.succeeded).count
        counters.withLock {
            $0.committedTransactions += 1
            $0.committedWrites += committedWrites
        }
        for outcome in performed { outcome.answer(nil) }
    }
}
