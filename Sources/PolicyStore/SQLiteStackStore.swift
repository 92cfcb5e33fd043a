/// The SQLite implementation of ``StackStore``: one file in WAL mode, one
/// writer connection with group commit, a small pool of read-only connections,
/// each on its own thread.
///
/// Opening the store applies the embedded migrations (`migrations/sqlite/*.sql`).
/// Only one process may write a database file at a time: run one replica per file.
public final class SQLiteStackStore: StackStore {
    private let writer: GroupCommitWriter
    private let readers: ReaderPool
    private let clock: @Sendable () -> Int64

    /// Opens (creating if needed) the database at `path` and migrates it.
    ///
    /// - Parameters:
    ///   - path: the database file; its directory must exist and be writable
    ///     (WAL needs the `-wal` and `-shm` files beside it).
    ///   - readers: the number of read-only connections, each on its own thread (1...64); one
    ///     more per processor, opened on first use, serves point reads on the caller's thread
    ///     (``ReaderPool``).
    /// - Throws: ``StoreError/migration(_:)`` when the schema cannot be brought
    ///   to this binary's version, ``StoreError/unavailable(_:)`` or
    ///   ``StoreError/corrupt(_:)`` when the file cannot be opened.
    public convenience init(path: String, readers: Int = 4) throws(StoreError) {
        try self.init(path: path, readers: readers, migrations: EmbeddedMigrations.files, clock: Timestamp.now)
    }

    /// Opens the store with an explicit migration list, clock and object cache (tests).
    init(
        path: String, readers: Int, migrations: [(fileName: String, sql: [UInt8])],
        clock: @escaping @Sendable () -> Int64, objects: ObjectCache = ObjectCache()
    ) throws(StoreError) {
        let migrator = try Migrator(files: migrations)
        let database: Database
        do throws(SQLiteError) {
            database = try Database(path: path, mode: .writer, objects: objects)
        } catch {
            throw error.storeError
        }
        try migrator.migrate(database, now: clock())
        do throws(SQLiteError) {
            self.readers = try ReaderPool(path: path, count: readers, objects: objects)
        } catch {
            throw error.storeError
        }
        self.writer = GroupCommitWriter(database: database)
        self.clock = clock
    }

    deinit { close() }

    /// Finishes queued operations and closes every connection; later calls fail
    /// with ``StoreError/unavailable(_:)``. Blocks until the connection threads
    /// ended; idempotent. Called on deinitialisation.
    public func close() {
        writer.close()
        readers.close()
    }

    /// Write-path counters (group commit: transactions ≤ writes).
    public var statistics: StoreStatistics { writer.statistics }

    /// Writes waiting for the next group-commit batch.
    public var pendingWrites: Int { writer.pendingWrites }

    public func checkReady() async throws(StoreError) {
        _ = try await readers.read(inline: true) { database throws(SQLiteError) in
            try database.first("SELECT count(*) FROM schema_migrations") { $0.int(0) }
        }
    }

    public func stack(namespace: String, name: String) async throws(StoreError) -> StoredStack? {
        try await readers.read(inline: true) { database throws(SQLiteError) in
            try StackQueries.stack(namespace: namespace, name: name, in: database)
        }
    }

    public func currentRevision(namespace: String, name: String) async throws(StoreError) -> StoredRevision? {
        try await readers.read(inline: true) { database throws(SQLiteError) in
            try StackQueries.currentRevision(namespace: namespace, name: name, in: database)
        }
    }

    public func upsert(_ write: StackWrite) async throws(StoreError) -> UpsertOutcome {
        let clock = self.clock
        return try await writer.write { database throws(SQLiteError) in
            try StackRules.upsert(write, now: clock(), in: SQLiteStackTransaction(database: database))
        }
    }

    public func delete(
        namespace: String, name: String, precondition: WritePrecondition, author: String
    ) async throws(StoreError) -> DeleteOutcome {
        let clock = self.clock
        return try await writer.write { database throws(SQLiteError) in
            try StackRules.delete(
                namespace: namespace, name: name, precondition: precondition, author: author, now: clock(),
                in: SQLiteStackTransaction(database: database))
        }
    }

    public func deletions(namespace: String, name: String) async throws(StoreError) -> [StackDeletion] {
        try await readers.read { database throws(SQLiteError) in
            try StackQueries.deletions(namespace: namespace, name: name, in: database)
        }
    }

    public func listStacks(namespace: String?, limit: Int, cursor: String?) async throws(StoreError) -> Page<StackSummary> {
        let start = try PageCursor.stacksStart(cursor, namespace: namespace)
        return try await readers.read { database throws(SQLiteError) in
            try StackQueries.stacks(namespace: namespace, limit: limit, after: start, in: database)
        }
    }

    public func listStacks(
        namespaces: Set<String>, limit: Int, cursor: String?
    ) async throws(StoreError) -> Page<StackSummary> {
        let start = try PageCursor.stacksStart(cursor, namespace: nil)
        let sorted = namespaces.sorted()
        return try await readers.read { database throws(SQLiteError) in
            try StackQueries.stacks(namespaces: sorted, limit: limit, after: start, in: database)
        }
    }

    public func revisions(
        namespace: String, name: String, filter: RevisionFilter, limit: Int, cursor: String?
    ) async throws(StoreError) -> Page<RevisionSummary>? {
        let bound = try PageCursor.revisionsBound(cursor)
        return try await readers.read { database throws(SQLiteError) in
            try StackQueries.revisions(
                namespace: namespace, name: name, filter: filter, limit: limit, before: bound, in: database)
        }
    }

    public func revision(
        namespace: String, name: String, number: Int, documents: RevisionDocuments
    ) async throws(StoreError) -> StoredRevision? {
        try await readers.read(inline: true) { database throws(SQLiteError) in
            try StackQueries.revision(namespace: namespace, name: name, number: number, documents: documents, in: database)
        }
    }

    public func latestRevision(namespace: String, name: String) async throws(StoreError) -> StoredRevision? {
        try await readers.read(inline: true) { database throws(SQLiteError) in
            try StackQueries.latestRevision(namespace: namespace, name: name, in: database)
        }
    }

    /// Runs `body` as one write of the next group-commit batch (tests).
    func write<Value: Sendable>(
        _ body: @escaping @Sendable (Database) throws(SQLiteError) -> Value
    ) async throws(StoreError) -> Value {
        try await writer.write(body)
    }

    /// Runs `body` on a reader connection (tests).
    func read<Value: Sendable>(
        _ body: @escaping @Sendable (Database) throws(SQLiteError) -> Value
    ) async throws(StoreError) -> Value {
        try await readers.read(body)
    }
}
