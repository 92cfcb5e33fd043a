import Foundation
import PolicyCore
import XCTest

@testable import PolicyStore

final class MigratorTests: StoreTestCase {
    private let first = (fileName: "0001_first.sql", sql: Array("CREATE TABLE one (x INTEGER);".utf8))
    private let second = (fileName: "0002_second.sql", sql: Array("CREATE TABLE two (y INTEGER);".utf8))

    private func appliedMigrations() throws -> [String] {
        let database = try Database(path: databasePath, mode: .reader)
        return try database.all("SELECT name || ' ' || checksum FROM schema_migrations ORDER BY version") { $0.text(0) }
    }

    func testEmptyDatabaseGetsEveryEmbeddedMigrationWithChecksum() throws {
        _ = try openStore()
        let expected = EmbeddedMigrations.files.map { "\($0.fileName) \(SHA256Digest.hex($0.sql))" }
        XCTAssertEqual(try appliedMigrations(), expected)
        XCTAssertFalse(expected.isEmpty)
        try assertDatabaseIntact()
    }

    func testChecksumIsTheSHA256OfTheScript() throws {
        _ = try openStore(migrations: [first])
        // printf 'CREATE TABLE one (x INTEGER);' | sha256sum
        XCTAssertEqual(
            try appliedMigrations(),
            ["0001_first.sql 5078a9aa44508681ca43509572f4ec34ec524e3e9714b733adf5b2301f674a70"])
    }

    func testReopeningAppliesNothingAndKeepsData() async throws {
        let store = try openStore()
        _ = try await store.upsert(summarised: Fixture.write())
        store.close()
        let database = try Database(path: databasePath, mode: .writer)
        XCTAssertEqual(try Migrator(files: EmbeddedMigrations.files).migrate(database, now: 0), [])
        let reopened = try openStore()
        let stack = try await reopened.stack(namespace: "logging", name: "lokistack")
        XCTAssertEqual(stack?.current.number, 1)
        XCTAssertEqual(try appliedMigrations().count, EmbeddedMigrations.files.count)
    }

    func testPendingMigrationsApplyInVersionOrder() throws {
        let database = try Database(path: databasePath, mode: .writer)
        XCTAssertEqual(try Migrator(files: [first]).migrate(database, now: 0), ["0001_first.sql"])
        // Listed out of order: still applied by version, only the pending one.
        XCTAssertEqual(try Migrator(files: [second, first]).migrate(database, now: 0), ["0002_second.sql"])
        XCTAssertEqual(try Migrator(files: [first, second]).migrate(database, now: 0), [])
        XCTAssertNotNil(try database.first("SELECT count(*) FROM two") { $0.int(0) })
    }

    func testChangedAppliedMigrationIsRefused() throws {
        _ = try openStore(migrations: [first])
        let edited = (fileName: first.fileName, sql: Array("CREATE TABLE one (x INTEGER, z TEXT);".utf8))
        XCTAssertThrowsError(try openStore(migrations: [edited])) { error in
            guard case StoreError.migration(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("0001_first.sql was changed"), message)
        }
    }

    func testDatabaseNewerThanBinaryIsRefused() throws {
        _ = try openStore(migrations: [first, second])
        XCTAssertThrowsError(try openStore(migrations: [first])) { error in
            guard case StoreError.migration(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("newer than this binary"), message)
        }
    }

    func testFailingMigrationLeavesNothingApplied() throws {
        let broken = (fileName: "0002_broken.sql", sql: Array("CREATE TABLE two (y INTEGER); SELECT * FROM nowhere;".utf8))
        XCTAssertThrowsError(try openStore(migrations: [first, broken])) { error in
            guard case StoreError.migration(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("0002_broken.sql"), message)
        }
        let database = try Database(path: databasePath, mode: .reader)
        XCTAssertNil(try database.first("SELECT name FROM sqlite_schema WHERE name IN ('one', 'two', 'schema_migrations')") { $0.text(0) })
    }

    func testMalformedMigrationListsAreRefused() {
        let cases: [(String, [(fileName: String, sql: [UInt8])])] = [
            ("no version", [(fileName: "initial.sql", sql: [])]),
            ("short version", [(fileName: "001_initial.sql", sql: [])]),
            ("no name", [(fileName: "0001_.sql", sql: [])]),
            ("not sql", [(fileName: "0001_initial.txt", sql: [])]),
            ("duplicate version", [first, (fileName: "0001_other.sql", sql: [])]),
        ]
        for (label, files) in cases {
            XCTAssertThrowsError(try Migrator(files: files), label) { error in
                guard case StoreError.migration = error else { return XCTFail("\(label): \(error)") }
            }
        }
    }

    /// Every file of `migrations/<dialect>/` must be embedded, byte for byte, and nothing else.
    func testEveryMigrationFileIsEmbedded() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for (dialect, files) in [("sqlite", EmbeddedMigrations.files), ("postgres", EmbeddedMigrations.postgres)] {
            let directory = root.appendingPathComponent("migrations").appendingPathComponent(dialect)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".sql") }.sorted()
            XCTAssertFalse(names.isEmpty, dialect)
            XCTAssertEqual(files.map(\.fileName).sorted(), names, dialect)
            for file in files {
                let onDisk = try [UInt8](Data(contentsOf: directory.appendingPathComponent(file.fileName)))
                XCTAssertEqual(file.sql, onDisk, "\(dialect)/\(file.fileName) differs from its embedded copy")
            }
            XCTAssertNoThrow(try Migrator(files: files), dialect)
        }
    }

    func testSchemaRejectsGapsAndChangesToRevisions() async throws {
        let store = try openStore()
        _ = try await store.upsert(summarised: Fixture.write())
        let attempts = [
            "UPDATE revisions SET digest = 'x'",
            "DELETE FROM revisions",
            """
            INSERT INTO revisions (stack_id, number, digest, enabled, reason, author, created_at,
                change_summary, generator_version, parts)
            SELECT stack_id, 3, digest, enabled, reason, author, created_at, change_summary,
                generator_version, parts FROM revisions
            """,
            // Without the parts of its three documents (migrations/sqlite/0007).
            """
            INSERT INTO revisions (stack_id, number, digest, enabled, reason, author, created_at,
                change_summary, generator_version)
            SELECT stack_id, 2, digest, enabled, reason, author, created_at, change_summary,
                generator_version FROM revisions
            """,
            """
            INSERT INTO revisions (stack_id, number, digest, enabled, reason, author, created_at,
                change_summary, generator_version, parts)
            SELECT stack_id, 2, digest, enabled, reason, author, created_at, change_summary,
                generator_version, '[[1,2],[3,4]]' FROM revisions
            """,
        ]
        for sql in attempts {
            do {
                _ = try await store.write { database throws(SQLiteError) in try database.run(sql) }
                XCTFail("accepted: \(sql)")
            } catch {
                guard case .corrupt = error else { return XCTFail("\(sql): \(error)") }
            }
        }
        let history = try await store.revisions(namespace: "logging", name: "lokistack", limit: 10, cursor: nil)
        XCTAssertEqual(history?.items.map(\.number), [1])
        XCTAssertEqual(history?.items.first?.digest, "sha256:aaaa")
    }
}
