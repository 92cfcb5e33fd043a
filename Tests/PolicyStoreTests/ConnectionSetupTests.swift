import XCTest

@testable import PolicyStore

/// How the SQLite connections are set up: the settings that bound their memory.
final class ConnectionSetupTests: StoreTestCase {
    /// Reader connections keep a small page cache (the kernel's page cache holds the file);
    /// the writer keeps SQLite's default.
    func testReadersKeepASmallPageCache() async throws {
        let store = try openStore(readers: 2)
        let readerCache = try await store.read { database throws(SQLiteError) in
            try database.first("PRAGMA cache_size") { $0.int(0) }
        }
        XCTAssertEqual(readerCache, -Database.readerCacheKibibytes)
        let writerCache = try await store.write { database throws(SQLiteError) in
            try database.first("PRAGMA cache_size") { $0.int(0) }
        }
        XCTAssertNotEqual(writerCache, readerCache, "the writer keeps SQLite's default (-2000 in Debian's build)")
    }
}
