import XCTest

@testable import PolicyStore

/// `restored_from` (migration 0002): a restoring write records the restored revision's number
/// on the revision it creates; databases made before the migration move forward intact.
final class RestoredFromTests: StoreTestCase {
    private func restoring(_ number: Int, digest: String) -> StackWrite {
        var write = Fixture.write(digest: digest)
        write.restoredFrom = number
        return write
    }

    func testARestoringWriteRecordsTheRestoredRevision() async throws {
        let store = try openStore()
        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:a"))
        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:b"))
        let outcome = try await store.upsert(summarised: restoring(1, digest: "sha256:a"))
        XCTAssertEqual(outcome.revisionCreated, true)
        XCTAssertEqual(try outcome.stack().current.number, 3)

        let revision3 = try await store.revision(namespace: "logging", name: "lokistack", number: 3)
        XCTAssertEqual(revision3?.restoredFrom, 1)
        XCTAssertEqual(revision3?.summary.digest, "sha256:a")
        let current = try await store.currentRevision(namespace: "logging", name: "lokistack")
        XCTAssertEqual(current?.restoredFrom, 1)
        let latest = try await store.latestRevision(namespace: "logging", name: "lokistack")
        XCTAssertEqual(latest?.restoredFrom, 1)
        for ordinary in [1, 2] {
            let revision = try await store.revision(namespace: "logging", name: "lokistack", number: ordinary)
            XCTAssertNotNil(revision)
            XCTAssertNil(revision?.restoredFrom, "revision \(ordinary)")
        }
    }

    func testARestoreThatCreatesNoRevisionRecordsNothing() async throws {
        let store = try openStore()
        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:a"))
        let outcome = try await store.upsert(summarised: restoring(1, digest: "sha256:a"))
        XCTAssertEqual(outcome.revisionCreated, false)
        let revision1 = try await store.revision(namespace: "logging", name: "lokistack", number: 1)
        XCTAssertNil(revision1?.restoredFrom)
    }

    func testARestoreOfADeletedStackRecreatesItWithNumberingContinued() async throws {
        let store = try openStore()
        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:a"))
        _ = try await store.delete(namespace: "logging", name: "lokistack", precondition: .none)
        let outcome = try await store.upsert(summarised: restoring(1, digest: "sha256:a"))
        XCTAssertEqual(outcome.created, true)
        XCTAssertEqual(try outcome.stack().current.number, 2)
        let revision2 = try await store.revision(namespace: "logging", name: "lokistack", number: 2)
        XCTAssertEqual(revision2?.restoredFrom, 1)
    }

    func testSchemaRefusesARestoredFromThatIsNotAnEarlierRevision() async throws {
        let store = try openStore()
        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:a"))
        for number in [2, 0] {
            do {
                _ = try await store.upsert(summarised: restoring(number, digest: "sha256:b\(number)"))
                XCTFail("accepted restored_from = \(number) on revision 2")
            } catch {
                guard case .corrupt(let message) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains("CHECK constraint failed"), message)
            }
        }
        let history = try await store.revisions(namespace: "logging", name: "lokistack", limit: 10, cursor: nil)
        XCTAssertEqual(history?.items.map(\.number), [1], "nothing stored")
    }

    /// A database made by a binary that knew only 0001: opening it applies 0002, keeps every
    /// row, reads old revisions with no `restoredFrom`, and accepts restoring writes.
    func testAVersion1DatabaseMovesForward() async throws {
        let initial = try XCTUnwrap(EmbeddedMigrations.files.first { $0.fileName == "0001_initial.sql" })
        XCTAssertEqual(
            EmbeddedMigrations.files.map(\.fileName).filter { $0.hasPrefix("0002") }, ["0002_restored_from.sql"])
        do {
            let database = try Database(path: databasePath, mode: .writer)
            XCTAssertEqual(try Migrator(files: [initial]).migrate(database, now: 0), ["0001_initial.sql"])
            try database.execute(
                """
                BEGIN;
                INSERT INTO stacks (id, namespace, name, inputs, current_revision, generation, etag, created_at, updated_at)
                VALUES (1, 'logging', 'lokistack', X'7B7D', 1, 1, '"old"', 0, 0);
                INSERT INTO revisions (stack_id, number, digest, enabled, reason, author, created_at,
                    change_summary, generator_version, warnings, inputs, policies)
                VALUES (1, 1, 'sha256:a', 1, 'enabled', 'alice', 0, 'created', '0.0.1', X'5B5D', X'7B7D',
                    CAST('{"kind":"List","digest":"sha256:a"}' AS BLOB));
                COMMIT;
                """)
        }

        let store = try openStore()
        let old = try await store.revision(namespace: "logging", name: "lokistack", number: 1)
        XCTAssertEqual(old?.summary.author, "alice")
        XCTAssertEqual(old?.summary.digest, "sha256:a")
        XCTAssertNil(old?.restoredFrom)
        let applied = try Database(path: databasePath, mode: .reader).all(
            "SELECT name FROM schema_migrations ORDER BY version"
        ) { $0.text(0) }
        XCTAssertEqual(applied, EmbeddedMigrations.files.map(\.fileName))

        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:b"))
        let outcome = try await store.upsert(summarised: restoring(1, digest: "sha256:a"))
        XCTAssertEqual(try outcome.stack().current.number, 3)
        let restored = try await store.revision(namespace: "logging", name: "lokistack", number: 3)
        XCTAssertEqual(restored?.restoredFrom, 1)
        try assertDatabaseIntact()
    }
}
