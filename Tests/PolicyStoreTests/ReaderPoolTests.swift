import XCTest

@testable import PolicyStore

/// SQLite point reads on the caller's thread: one lent connection per processor.
final class ReaderPoolTests: StoreTestCase {
    /// Callers that read at the same time each get their own lent connection (nested here, on
    /// one thread: each holds its connection while the next asks), until all are held; only
    /// then does a point read go to the reader threads.
    func testConcurrentPointReadsEachGetALentConnectionUntilAllAreHeld() throws {
        _ = try openStore()
        let pool = try ReaderPool(path: databasePath, count: 1)
        defer { pool.close() }
        XCTAssertGreaterThanOrEqual(ReaderPool.lentCount, 1)

        var held: [ObjectIdentifier] = []
        func readNested() -> Bool? {
            let result = pool.readOnLentConnection { database throws(SQLiteError) -> Bool in
                held.append(ObjectIdentifier(database))
                XCTAssertEqual(try database.first("SELECT count(*) FROM schema_migrations") { $0.int(0) }.map { $0 > 0 }, true)
                guard held.count < ReaderPool.lentCount else { return readNested() == nil }
                return readNested() ?? false
            }
            return try? result?.get()
        }
        XCTAssertEqual(readNested(), true, "\(ReaderPool.lentCount) nested point reads, then none free")
        XCTAssertEqual(held.count, ReaderPool.lentCount)
        XCTAssertEqual(Set(held).count, ReaderPool.lentCount, "each nested read held another connection")

        // Released again: the next point read is lent a connection at once.
        XCTAssertNotNil(pool.readOnLentConnection { _ throws(SQLiteError) in 1 })
    }

    /// After close no connection is lent: reads fail instead of touching a closed connection.
    func testClosedPoolLendsNothing() throws {
        _ = try openStore()
        let pool = try ReaderPool(path: databasePath, count: 1)
        pool.close()
        XCTAssertNil(pool.readOnLentConnection { _ throws(SQLiteError) in 1 })
    }
}
