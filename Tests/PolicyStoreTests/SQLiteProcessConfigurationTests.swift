import CSQLite
import XCTest

@testable import PolicyStore

/// SQLite's process-wide settings (`CSQLite_configureProcess`), in force once a connection is open.
final class SQLiteProcessConfigurationTests: StoreTestCase {
    /// No memory statistics: keeping them costs a process-wide mutex around every allocation.
    /// With them, the megabyte allocated here would show in `sqlite3_memory_used`. (Fails too
    /// when code in this test process opened SQLite without `CSQLite_configureProcess` first.)
    func testSQLiteKeepsNoMemoryStatistics() throws {
        let database = try Database(path: databasePath, mode: .writer)
        try database.execute("CREATE TABLE blobs (body BLOB); INSERT INTO blobs VALUES (randomblob(1000000));")
        let size = try database.first("SELECT length(body) FROM blobs") { $0.int(0) }
        XCTAssertEqual(size, 1_000_000)
        XCTAssertEqual(sqlite3_memory_used(), 0)
    }
}
