import CSQLite
import Foundation

/// The raw durable commit rate of this disk: one connection, WAL,
/// `synchronous=FULL`, one 6 KB row inserted per transaction.
enum BaselineBench {
    static func run(directory: String, seconds: Double) throws {
        let path = try BenchSupport.freshDirectory(directory, "baseline") + "/baseline.db"
        var handle: OpaquePointer?
        guard sqlite3_open(path, &handle) == SQLITE_OK, let database = handle else {
            throw BenchError("cannot open \(path)")
        }
        defer { sqlite3_close(database) }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
                throw BenchError("\(sql): \(String(cString: sqlite3_errmsg(database)))")
            }
        }
        try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
        try exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, "INSERT INTO rows (payload) VALUES (?)", -1, &statement, nil) == SQLITE_OK,
            let insert = statement
        else { throw BenchError("prepare: \(String(cString: sqlite3_errmsg(database)))") }
        defer { sqlite3_finalize(insert) }

        let row = BenchSupport.payload(6 * 1_024, seed: 0)
        let deadline = BenchSupport.nanoseconds() + UInt64(seconds * 1e9)
        let start = BenchSupport.nanoseconds()
        var commits = 0
        while BenchSupport.nanoseconds() < deadline {
            try exec("BEGIN")
            _ = row.withUnsafeBytes { sqlite3_bind_blob(insert, 1, $0.baseAddress, Int32($0.count), nil) }
            guard sqlite3_step(insert) == SQLITE_DONE else { throw BenchError("insert failed") }
            sqlite3_reset(insert)
            try exec("COMMIT")
            commits += 1
        }
        let elapsed = Double(BenchSupport.nanoseconds() - start) / 1e9
        print(String(format: "baseline: %d commits in %.2f s = %.0f commits/s (WAL, synchronous=FULL, 6 KB row each)",
                     commits, elapsed, Double(commits) / elapsed))
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
