import CSQLite
import Glibc

/// One SQLite connection with its prepared-statement cache.
///
/// Not thread-safe: each connection is owned by one thread (see
/// ``ConnectionThread``), which is why it is opened with `SQLITE_OPEN_NOMUTEX`.
final class Database {
    /// How a connection is opened and configured.
    enum Mode {
        /// The single writer: creates the file, switches it to WAL, `synchronous=FULL`.
        case writer
        /// A read-only connection to an existing WAL database.
        case reader
    }

    let handle: OpaquePointer
    /// How the connection was opened.
    let mode: Mode
    /// The store's cache of object bodies (``documents(_:)``); `nil`: every body is read.
    let objects: ObjectCache?
    private var statements: [String: Statement] = [:]
    /// The statement ``statement(_:)`` returned last and its SQL, compared before the lookup in
    /// ``statements``: `==` on two copies of one string (a query in a `static let`) compares their
    /// storage's identity, not their bytes, so running one query again skips hashing its text
    /// (≈ 1,500 instructions for a revision read's 250 bytes). Any other string compares by
    /// content, which is what the dictionary does after hashing.
    private var lastStatement: (sql: String, statement: Statement)?
    /// The bodies ``documents(_:)`` puts a revision's documents together from, kept empty
    /// between reads with its capacity, so that a read does not allocate a list for them.
    var objectBodies: [[UInt8]?] = []

    /// The page cache of each reader connection, in KiB (SQLite's default: 2,000 KiB). The
    /// file's pages stay in the kernel's page cache, shared by all connections, so a reader's own
    /// cache only saves a copy from it: GET revisions/{n} at 100,000 revisions served as many
    /// requests per second with 500 or 100 KiB as with 2,000 KiB, while four readers' caches
    /// held 8 MB of RSS after the load (BENCHMARKS.md, "Memory and start-up"). 512 KiB keeps the
    /// interior B-tree pages of much longer histories. The writer keeps SQLite's default.
    static let readerCacheKibibytes = 512

    /// How long a connection waits on another connection's lock before `SQLITE_BUSY`.
    static let busyTimeoutMilliseconds: Int32 = 5_000

    /// SQLite's process-wide settings (``CSQLite_configureProcess``), applied once before the first
    /// connection opens (``SQLiteBackup`` opens its own): SQLite refuses them once initialised.
    static let processConfiguration: Void = { _ = CSQLite_configureProcess() }()

    /// Opens the connection; its reads of object bodies go through `objects` when given.
    init(path: String, mode: Mode, objects: ObjectCache? = nil) throws(SQLiteError) {
        _ = Self.processConfiguration
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .writer: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .reader: flags |= SQLITE_OPEN_READONLY
        }
        if mode == .writer { Self.createPrivately(path) }
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw SQLiteError(code: code, message: "cannot open \(path): \(message)")
        }
        self.handle = handle
        self.mode = mode
        self.objects = objects
        sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds)
        try configure(mode)
    }

    /// Creates the database file with mode 0600 if it does not exist yet: it holds every
    /// stack's inputs, so only its owner may read it. SQLite gives the `-wal` and `-shm` files
    /// the database file's mode. An existing file keeps its mode; a failure here (a missing
    /// directory, a special name such as `:memory:`) is left for `sqlite3_open_v2` to report.
    private static func createPrivately(_ path: String) {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd) }
    }

    deinit {
        lastStatement = nil
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    private func configure(_ mode: Mode) throws(SQLiteError) {
        switch mode {
        case .writer:
            let journal = try first("PRAGMA journal_mode = WAL") { $0.text(0) }
            guard journal?.lowercased() == "wal" else {
                throw SQLiteError(
                    code: SQLITE_CANTOPEN,
                    message: "cannot switch the database to WAL (journal_mode is \(journal ?? "unknown"))")
            }
            try execute(
                """
                PRAGMA synchronous = FULL;
                PRAGMA foreign_keys = ON;
                PRAGMA journal_size_limit = 67108864;
                """)
        case .reader:
            try execute(
                "PRAGMA foreign_keys = ON; PRAGMA query_only = ON; PRAGMA cache_size = -\(Self.readerCacheKibibytes);")
        }
    }

    /// The error SQLite reports for `code` on this connection.
    func error(_ code: Int32, context: String?) -> SQLiteError {
        let extended = sqlite3_extended_errcode(handle)
        var message = String(cString: sqlite3_errmsg(handle))
        if let context { message = "\(context): \(message)" }
        return SQLiteError(code: extended != 0 ? extended : code, message: message)
    }

    /// Runs one or more `;`-separated statements without arguments or results.
    func execute(_ script: String) throws(SQLiteError) {
        let code = sqlite3_exec(handle, script, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, context: nil) }
    }

    /// `true` while a transaction is open on this connection.
    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The cached prepared statement for `sql` (prepared on first use).
    private func statement(_ sql: String) throws(SQLiteError) -> Statement {
        if let last = lastStatement, last.sql == sql { return last.statement }
        let statement: Statement
        if let cached = statements[sql] {
            statement = cached
        } else {
            statement = try Statement(database: self, sql: sql)
            statements[sql] = statement
        }
        lastStatement = (sql, statement)
        return statement
    }

    /// Runs `sql` with `arguments` to completion, discarding rows.
    func run(_ sql: String, _ arguments: [any SQLiteBindable] = []) throws(SQLiteError) {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        while try statement.step() {}
    }

    /// Decodes the first row of `sql`, or `nil` when there is none.
    func first<Value>(
        _ sql: String, _ arguments: [any SQLiteBindable] = [],
        _ decode: (Row) throws(SQLiteError) -> Value
    ) throws(SQLiteError) -> Value? {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        guard try statement.step() else { return nil }
        return try decode(Row(handle: statement.handle))
    }

    /// Decodes every row of `sql`.
    func all<Value>(
        _ sql: String, _ arguments: [any SQLiteBindable] = [],
        _ decode: (Row) throws(SQLiteError) -> Value
    ) throws(SQLiteError) -> [Value] {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        var values: [Value] = []
        while try statement.step() {
            values.append(try decode(Row(handle: statement.handle)))
        }
        return values
    }

    /// Calls `body` with every row of `sql`.
    func forEach(
        _ sql: String, _ arguments: [any SQLiteBindable] = [], _ body: (Row) throws(SQLiteError) -> Void
    ) throws(SQLiteError) {
        let statement = try statement(sql)
        defer { statement.reset() }
        try statement.bind(arguments)
        while try statement.step() {
            try body(Row(handle: statement.handle))
        }
    }

    /// Runs `body` in a transaction (`BEGIN IMMEDIATE` takes the write lock at
    /// once, `BEGIN` a deferred read), committing on return and rolling back on error.
    func transaction<Value>(
        immediate: Bool, _ body: () throws(SQLiteError) -> Value
    ) throws(SQLiteError) -> Value {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            rollback()
            throw error
        }
    }

    /// Rolls back the open transaction, if any. Errors are ignored: after a failed
    /// ROLLBACK SQLite has already abandoned the transaction.
    func rollback() {
        if isInTransaction { sqlite3_exec(handle, "ROLLBACK", nil, nil, nil) }
    }
}
