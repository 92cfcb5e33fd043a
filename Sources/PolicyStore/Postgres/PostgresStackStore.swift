/// The PostgreSQL implementation of ``StackStore``, for several replicas on one database.
///
/// Each replica keeps a pool of connections (``PostgresPool``). A write is one transaction
/// that locks the stack's row first (``PostgresStackTransaction``), so revision numbers stay
/// gapless and unique across replicas; a transaction that loses a race (deadlock,
/// serialization failure, two replicas creating one stack) is retried a bounded number of
/// times, then reported ``StoreError/unavailable(_:)`` (HTTP 503 with `Retry-After`), never
/// half-written. Opening the store applies the embedded `migrations/postgres/` under an
/// advisory lock.
public final class PostgresStackStore: StackStore {
    /// Tunables.
    public struct Configuration: Sendable {
        /// Connections per replica. Default 8.
        public var poolSize = 8
        /// Statements running longer are cancelled (HTTP 503). Default 5,000 ms.
        public var statementTimeoutMilliseconds = 5_000
        /// Attempts of a write transaction that lost a race. Default 5.
        public var writeAttempts = 5

        public init() {}
    }

    private let pool: PostgresPool
    private let configuration: Configuration
    private let clock: @Sendable () -> Int64

    /// Connects to `url` (libpq URI; the password from it, `PGPASSWORD` or `PGPASSFILE`) and
    /// migrates the database.
    ///
    /// - Throws: ``StoreError/unavailable(_:)`` when the server cannot be reached (the
    ///   message never contains the password), ``StoreError/migration(_:)`` when the schema
    ///   cannot be brought to this binary's version.
    public convenience init(url: String, configuration: Configuration = Configuration()) throws(StoreError) {
        try self.init(
            url: url, configuration: configuration, migrations: EmbeddedMigrations.postgres, clock: Timestamp.now)
    }

    /// Opens the store with an explicit migration list and clock (tests).
    init(
        url: String, configuration: Configuration, migrations: [(fileName: String, sql: [UInt8])],
        clock: @escaping @Sendable () -> Int64
    ) throws(StoreError) {
        let migrator = try Migrator(files: migrations)
        let connection: PostgresConnection
        do throws(PostgresError) {
            connection = try PostgresConnection(
                url: url, statementTimeoutMilliseconds: configuration.statementTimeoutMilliseconds)
        } catch {
            throw error.storeError
        }
        try migrator.migrate(connection, now: clock())
        do throws(PostgresError) {
            pool = try PostgresPool(
                url: url, size: configuration.poolSize,
                statementTimeoutMilliseconds: configuration.statementTimeoutMilliseconds)
        } catch {
            throw error.storeError
        }
        self.configuration = configuration
        self.clock = clock
    }

    deinit { close() }

    /// Finishes queued operations and closes every connection; idempotent.
    public func close() { pool.close() }

    /// Pool use and database error counters (for metrics).
    public var poolStatistics: PostgresPoolStatistics? { pool.statistics }

    public func checkReady() async throws(StoreError) {
        _ = try await read { connection throws(PostgresError) in
            try connection.first("SELECT count(*) FROM schema_migrations") { $0.int(0) }
        }
    }

    public func stack(namespace: String, name: String) async throws(StoreError) -> StoredStack? {
        try await read { connection throws(PostgresError) in
            guard let record = try PostgresQueries.record(namespace: namespace, name: name, in: connection),
                record.isLive
            else { return nil }
            return record.stored
        }
    }

    public func currentRevision(namespace: String, name: String) async throws(StoreError) -> StoredRevision? {
        try await read { connection throws(PostgresError) in
            try PostgresQueries.currentRevision(namespace: namespace, name: name, liveOnly: true, in: connection)
        }
    }

    public func latestRevision(namespace: String, name: String) async throws(StoreError) -> StoredRevision? {
        try await read { connection throws(PostgresError) in
            try PostgresQueries.currentRevision(namespace: namespace, name: name, liveOnly: false, in: connection)
        }
    }

    public func revision(
        namespace: String, name: String, number: Int, documents: RevisionDocuments
    ) async throws(StoreError) -> StoredRevision? {
        try await read { connection throws(PostgresError) in
            try PostgresQueries.revision(namespace: namespace, name: name, number: number, documents: documents, in: connection)
        }
    }

    public func revisions(
        namespace: String, name: String, filter: RevisionFilter, limit: Int, cursor: String?
    ) async throws(StoreError) -> Page<RevisionSummary>? {
        let bound = try PageCursor.revisionsBound(cursor)
        return try await read { connection throws(PostgresError) in
            try PostgresQueries.revisions(
                namespace: namespace, name: name, filter: filter, limit: limit, before: bound, in: connection)
        }
    }

    public func deletions(namespace: String, name: String) async throws(StoreError) -> [StackDeletion] {
        try await read { connection throws(PostgresError) in
            try PostgresQueries.deletions(namespace: namespace, name: name, in: connection)
        }
    }

    public func listStacks(namespace: String?, limit: Int, cursor: String?) async throws(StoreError) -> Page<StackSummary> {
        let start = try PageCursor.stacksStart(cursor, namespace: namespace)
        return try await read { connection throws(PostgresError) in
            try PostgresQueries.stacks(namespace: namespace, limit: limit, after: start, in: connection)
        }
    }

    public func listStacks(
        namespaces: Set<String>, limit: Int, cursor: String?
    ) async throws(StoreError) -> Page<StackSummary> {
        let start = try PageCursor.stacksStart(cursor, namespace: nil)
        let sorted = namespaces.sorted()
        return try await read { connection throws(PostgresError) in
            try PostgresQueries.stacks(namespaces: sorted, limit: limit, after: start, in: connection)
        }
    }

    /// Other replicas write the same database.
    public var isShared: Bool { true }

    public func currentRevisionNumber(namespace: String, name: String) async throws(StoreError) -> Int? {
        try await read { connection throws(PostgresError) in
            try PostgresQueries.currentRevisionNumber(namespace: namespace, name: name, in: connection)
        }
    }

    public func upsert(_ write: StackWrite) async throws(StoreError) -> UpsertOutcome {
        let clock = self.clock
        return try await transaction { connection throws(PostgresError) in
            try StackRules.upsert(write, now: clock(), in: PostgresStackTransaction(connection: connection))
        }
    }

    public func delete(
        namespace: String, name: String, precondition: WritePrecondition, author: String
    ) async throws(StoreError) -> DeleteOutcome {
        let clock = self.clock
        return try await transaction { connection throws(PostgresError) in
            try StackRules.delete(
                namespace: namespace, name: name, precondition: precondition, author: author, now: clock(),
                in: PostgresStackTransaction(connection: connection))
        }
    }

    /// Runs `body` on a pooled connection outside a transaction (one statement is atomic).
    func read<Value: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws(PostgresError) -> Value
    ) async throws(StoreError) -> Value {
        try await pool.run(body).mapError(\.storeError).get()
    }

    /// Runs `body` in a transaction, again when it lost a race (bounded).
    func transaction<Value: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) throws(PostgresError) -> Value
    ) async throws(StoreError) -> Value {
        var attempt = 0
        while true {
            attempt += 1
            let result = await pool.run { connection throws(PostgresError) in try connection.transaction { () throws(PostgresError) in try body(connection) } }
            switch result {
            case .success(let value):
                return value
            case .failure(let error) where error.isRetryable && attempt < configuration.writeAttempts:
                continue
            case .failure(let error):
                throw error.storeError
            }
        }
    }
}
