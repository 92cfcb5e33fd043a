import CLibPQ
import Glibc

/// One libpq connection. Not thread-safe: each is owned by one pool thread
/// (``PostgresPool``). Statements run with binary parameters and binary results.
final class PostgresConnection {
    private var handle: OpaquePointer?
    private let url: String
    private let statementTimeoutMilliseconds: Int
    /// Secrets that must never appear in an error message (the URL's password).
    private let secrets: [String]
    /// Names of the statements prepared on this connection, by SQL and parameter types: the
    /// server plans each once per connection instead of on every execution.
    private var prepared: [String: String] = [:]

    /// How long connecting may take, in seconds (libpq `connect_timeout`).
    static let connectTimeoutSeconds = 5

    /// Connects to `url` (a libpq connection URI; the password comes from it, `PGPASSWORD`
    /// or `PGPASSFILE`) and sets the statement timeout.
    init(url: String, statementTimeoutMilliseconds: Int) throws(PostgresError) {
        self.url = url
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        secrets = DatabaseLocation.passwordVariants(in: url)
        try connect()
    }

    deinit { PQfinish(handle) }

    /// Whether the connection is up (as far as libpq knows without a round trip).
    var isConnected: Bool { handle.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// Drops the connection and opens a new one.
    func reconnect() throws(PostgresError) {
        PQfinish(handle)
        handle = nil
        prepared.removeAll()
        try connect()
    }

    private func connect() throws(PostgresError) {
        // libpq is loaded on the first connection (CLibPQ), not at process start.
        if let failure = CLibPQ_load() { throw PostgresError(message: String(cString: failure)) }
        let keywords = ["dbname", "connect_timeout", "application_name"]
        let values = [url, String(Self.connectTimeoutSeconds), "lokinetpol"]
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(connection)
            throw PostgresError(message: scrub("cannot connect: " + message))
        }
        handle = connection
        // client_min_messages: libpq prints notices (e.g. "relation … already exists, skipping" when
        // replicas migrate together) on standard error, which would break the JSON-lines log.
        try execute(
            "SET statement_timeout = \(max(0, statementTimeoutMilliseconds)); SET lock_timeout = 0; "
                + "SET client_min_messages = warning")
    }

    /// Runs one or more `;`-separated statements without parameters or results.
    func execute(_ sql: String) throws(PostgresError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs `sql` with `arguments`, discarding rows.
    func run(_ sql: String, _ arguments: [any PostgresBindable] = []) throws(PostgresError) {
        _ = try all(sql, arguments) { _ in () }
    }

    /// Decodes the first row of `sql`, or `nil` when there is none.
    func first<Value>(
        _ sql: String, _ arguments: [any PostgresBindable] = [], _ decode: (PostgresRow) throws(PostgresError) -> Value
    ) throws(PostgresError) -> Value? {
        try all(sql, arguments, decode).first
    }

    /// Decodes every row of `sql`.
    func all<Value>(
        _ sql: String, _ arguments: [any PostgresBindable] = [], _ decode: (PostgresRow) throws(PostgresError) -> Value
    ) throws(PostgresError) -> [Value] {
        let count = arguments.count
        let types = arguments.map { $0.postgresType }
        let bytes = arguments.map { $0.postgresBytes }
        let values = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: max(count, 1))
        var buffers: [UnsafeMutableRawPointer] = []
        defer {
            for buffer in buffers { buffer.deallocate() }
            values.deallocate()
        }
        var lengths = [Int32](repeating: 0, count: count)
        for (index, value) in bytes.enumerated() {
            guard let value else {
                values[index] = nil
                continue
            }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(value.count, 1), alignment: 1)
            value.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(buffer), byteCount: value.count) }
            buffers.append(buffer)
            values[index] = UnsafePointer(buffer.assumingMemoryBound(to: CChar.self))
            lengths[index] = Int32(value.count)
        }
        let formats = [Int32](repeating: 1, count: count)
        let name = try preparedStatement(sql, types: types)
        let result = PQexecPrepared(handle, name, Int32(count), values, lengths, formats, 1)
        defer { PQclear(result) }
        try check(result, sql: sql)
        guard let result else { return [] }
        var rows: [Value] = []
        let rowCount = PQntuples(result)
        rows.reserveCapacity(Int(rowCount))
        for index in 0..<rowCount {
            rows.append(try decode(PostgresRow(result: result, index: index)))
        }
        return rows
    }

    /// The name of `sql` prepared with parameter `types`, preparing it on first use.
    private func preparedStatement(_ sql: String, types: [UInt32]) throws(PostgresError) -> String {
        let key = types.map { String($0) }.joined(separator: ",") + ";" + sql
        if let name = prepared[key] { return name }
        let name = "lknp\(prepared.count + 1)"
        let result = PQprepare(handle, name, sql, Int32(types.count), types)
        defer { PQclear(result) }
        try check(result, sql: sql)
        prepared[key] = name
        return name
    }

    /// Whether a transaction is open (or failed and not yet rolled back).
    var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Rolls back the open transaction, if any; errors are ignored (a broken connection is
    /// reconnected before its next use).
    func rollback() {
        if isInTransaction { PQclear(PQexec(handle, "ROLLBACK")) }
    }

    /// Runs `body` in a transaction, committing on return and rolling back on error.
    func transaction<Value>(_ body: () throws(PostgresError) -> Value) throws(PostgresError) -> Value {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            rollback()
            throw error
        }
    }

    private func check(_ result: OpaquePointer?, sql: String) throws(PostgresError) {
        guard let result else {
            throw PostgresError(message: scrub(String(cString: PQerrorMessage(handle))), sql: sql)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = String(cString: PQresultErrorMessage(result))
            throw PostgresError(sqlState: state, message: scrub(message.trimmingNewlines), sql: sql)
        }
    }

    /// `message` with every secret replaced.
    private func scrub(_ message: String) -> String {
        DatabaseLocation.redact(message.trimmingNewlines, secrets: secrets)
    }
}

extension String {
    /// Without trailing newlines (libpq's messages end in one).
    fileprivate var trimmingNewlines: String {
        var text = Substring(self)
        while text.last?.isNewline == true { text = text.dropLast() }
        return String(text)
    }
}

/// Calls `body` with a NULL-terminated array of C strings.
private func withCStrings<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    let copies = strings.map { strdup($0) }
    defer { for copy in copies { free(copy) } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
    pointers.append(nil)
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
