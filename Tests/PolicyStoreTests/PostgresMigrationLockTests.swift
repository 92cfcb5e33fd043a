import Foundation
import PostgresTestSupport
import XCTest
@testable import PolicyStore

/// Replicas that start while another one migrates wait for the migration lock however long the
/// migration takes: the statement timeout, meant for requests, does not cut that wait.
final class PostgresMigrationLockTests: StoreTestCase {
    override class var backend: StoreBackend { .postgres }

    func testAReplicaWaitsForTheMigrationLockLongerThanItsStatementTimeout() throws {
        let url = try postgresDatabase()
        let holder = try PostgresConnection(url: url, statementTimeoutMilliseconds: 10_000)
        let locked = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        // Another replica holds the migration lock for 1 s, five times the waiter's timeout.
        nonisolated(unsafe) let other = holder
        Thread.detachNewThread {
            do {
                try other.exclusively { () throws(PostgresError) in
                    locked.signal()
                    Thread.sleep(forTimeInterval: 1)
                }
            } catch {
                XCTFail("holder: \(error)")
            }
            released.signal()
        }
        locked.wait()

        let waiting = try PostgresConnection(url: url, statementTimeoutMilliseconds: 200)
        try Migrator(files: EmbeddedMigrations.postgres).migrate(waiting, now: 0)
        XCTAssertEqual(released.wait(timeout: .now() + 30), .success)
        let applied = try waiting.appliedMigrations().map(\.name)
        XCTAssertEqual(applied, EmbeddedMigrations.postgres.map(\.fileName))
        // The timeout still holds for everything else on that connection.
        XCTAssertThrowsError(try waiting.execute("SELECT pg_sleep(1)"))
    }
}
