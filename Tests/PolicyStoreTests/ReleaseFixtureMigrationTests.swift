import Foundation
import PolicyCore
import XCTest

@testable import PolicyStore

/// A database written by the release before content-addressed storage (Fixtures/README.md):
/// opened with this code it migrates (0004 to 0007), and every revision reads back byte for byte
/// what that release stored and served.
final class ReleaseFixtureMigrationTests: StoreTestCase {
    private var fixtures: String { Bundle.module.resourcePath! + "/Fixtures/release-f4dd482" }

    /// One line of `expected/revisions.tsv`: what the release's store held for a revision.
    private struct ExpectedRevision {
        let namespace, name: String
        let number: Int
        let digest: String
        let enabled: Bool
        let reason, author: String
        let createdAt: Int64
        let generatorVersion: String
        let restoredFrom: Int?
        let changeSummary: String

        init(line: Substring) throws {
            let fields = line.split(separator: "\t", maxSplits: 10, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 11, let number = Int(fields[2]), let createdAt = Int64(fields[7]) else {
                throw StoreError.corrupt("bad fixture line \(line)")
            }
            (namespace, name, self.number, digest) = (fields[0], fields[1], number, fields[3])
            (enabled, reason, author, self.createdAt) = (fields[4] == "1", fields[5], fields[6], createdAt)
            (generatorVersion, restoredFrom, changeSummary) = (fields[8], Int(fields[9]), fields[10])
        }

        var file: String { "\(namespace)_\(name)_\(number)" }
    }

    private func expectedRevisions() throws -> [ExpectedRevision] {
        let text = try String(contentsOfFile: fixtures + "/expected/revisions.tsv", encoding: .utf8)
        return try text.split(separator: "\n").map(ExpectedRevision.init(line:))
    }

    private func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + path)))
    }

    private func openFixtureCopy() throws -> SQLiteStackStore {
        try FileManager.default.copyItem(atPath: fixtures + "/release-f4dd482.db", toPath: databasePath)
        return try openStore()
    }

    func testEveryRevisionReadsBackByteIdenticalAfterTheMigration() async throws {
        let expected = try expectedRevisions()
        XCTAssertEqual(expected.count, 10, "the fixture's revisions")
        let store = try openFixtureCopy()
        for revision in expected {
            let read = try await store.revision(namespace: revision.namespace, name: revision.name, number: revision.number)
            let stored = try XCTUnwrap(read, "\(revision.file)")
            XCTAssertEqual(stored.inputsJSON, try bytes("expected/\(revision.file).inputs.json"), revision.file)
            XCTAssertEqual(stored.policiesJSON, try bytes("expected/\(revision.file).policies.json"), revision.file)
            XCTAssertEqual(stored.warningsJSON, try bytes("expected/\(revision.file).warnings.json"), revision.file)
            XCTAssertEqual(
                stored.summary,
                RevisionSummary(
                    number: revision.number, digest: revision.digest, enabled: revision.enabled,
                    reason: revision.reason, author: revision.author, createdAt: Timestamp.rfc3339(revision.createdAt),
                    changeSummary: revision.changeSummary), revision.file)
            XCTAssertEqual(stored.generatorVersion, revision.generatorVersion, revision.file)
            XCTAssertEqual(stored.restoredFrom, revision.restoredFrom, revision.file)
            // The release served these very bytes in `GET …/revisions/{n}` and `…/revisions/{n}/policies`.
            let served = try bytes("http/\(revision.file).json")
            XCTAssertNotNil(served.firstRange(of: stored.inputsJSON), "\(revision.file): inputs not as served")
            let servedPolicies = try bytes("http/\(revision.file).policies.json")
            XCTAssertNotNil(servedPolicies.firstRange(of: stored.policiesJSON), "\(revision.file): policies not as served")
        }
        try assertDatabaseIntact()
    }

    func testStacksDeletionsAndHistoryPagesSurviveTheMigration() async throws {
        let store = try openFixtureCopy()
        let page = try await store.listStacks(namespace: nil, limit: 500, cursor: nil)
        XCTAssertEqual(page.items.map { "\($0.namespace)/\($0.name) \($0.current.number)" },
                       ["team-a/audit 3", "team-a/logs 5", "team-b/infra 1"])
        for summary in page.items {
            let served = try bytes("http/\(summary.namespace)_\(summary.name)_stack.json")
            let etag = try bytes("http/\(summary.namespace)_\(summary.name)_stack.etag")
            XCTAssertEqual(Array(summary.etag.utf8) + [UInt8(ascii: "\n")], etag, "\(summary.name) ETag")
            let stack = try await store.stack(namespace: summary.namespace, name: summary.name)
            XCTAssertNotNil(served.firstRange(of: try XCTUnwrap(stack).inputsJSON), "\(summary.name) inputs")
        }
        let gone = try await store.deletions(namespace: "team-b", name: "gone")
        XCTAssertEqual(gone.map(\.revision), [1])
        let audit = try await store.deletions(namespace: "team-a", name: "audit")
        XCTAssertEqual(audit.map(\.revision), [2])
        let history = try await store.revisions(namespace: "team-a", name: "logs", limit: 50, cursor: nil)
        XCTAssertEqual(history?.items.map(\.number), [5, 4, 3, 2, 1])
    }

    /// A database migrated to 0005 by the previous code (object ids packed in three BLOBs) moves
    /// them to the `parts` lists (0006, 0007): the same bytes read back, the packed columns gone.
    func testPackedObjectIDsMoveToPartsLists() async throws {
        try FileManager.default.copyItem(atPath: fixtures + "/release-f4dd482.db", toPath: databasePath)
        let upTo0005 = EmbeddedMigrations.files.filter { Migration(fileName: $0.fileName, sql: $0.sql)!.version <= 5 }
        do {
            let database = try Database(path: databasePath, mode: .writer)
            XCTAssertEqual(try Migrator(files: upTo0005).migrate(database, now: 0).last, "0005_drop_inline_documents.sql")
            let packed = try database.all("SELECT length(policies_parts) FROM revisions") { $0.int(0) }
            XCTAssertEqual(packed.count, 10)
            XCTAssertTrue(packed.allSatisfy { $0 > 0 && $0 % 8 == 0 }, "\(packed)")
        }
        let store = try openStore()
        let columns = try Database(path: databasePath, mode: .reader).all("SELECT name FROM pragma_table_info('revisions')") {
            $0.text(0)
        }
        XCTAssertTrue(columns.contains("parts"))
        XCTAssertFalse(columns.contains { $0.hasSuffix("_parts") }, "\(columns)")
        for revision in try expectedRevisions() {
            let read = try await store.revision(namespace: revision.namespace, name: revision.name, number: revision.number)
            let stored = try XCTUnwrap(read, "\(revision.file)")
            XCTAssertEqual(stored.inputsJSON, try bytes("expected/\(revision.file).inputs.json"), revision.file)
            XCTAssertEqual(stored.policiesJSON, try bytes("expected/\(revision.file).policies.json"), revision.file)
            XCTAssertEqual(stored.warningsJSON, try bytes("expected/\(revision.file).warnings.json"), revision.file)
        }
        try assertDatabaseIntact()
    }

    func testHistoryContinuesAfterTheMigration() async throws {
        let store = try openFixtureCopy()
        let before = try await store.revision(namespace: "team-a", name: "logs", number: 5)
        var write = Fixture.write("team-a", "logs", digest: "sha256:after-migration")
        write.summaryBasis = .revision(digest: try XCTUnwrap(before).summary.digest)
        write.policiesJSON = try XCTUnwrap(before).policiesJSON
        let stack = try await store.upsert(write).stack()
        XCTAssertEqual(stack.current.number, 6)
        let read = try await store.revision(namespace: "team-a", name: "logs", number: 6)
        XCTAssertEqual(read?.policiesJSON, before?.policiesJSON)
        try assertDatabaseIntact()
    }
}

/// The same release rows moved into PostgreSQL at the schema of that release (0001, 0003), then
/// migrated by this code: PostgreSQL's 0004/0005 give back every revision byte for byte too.
final class PostgresReleaseFixtureMigrationTests: StoreTestCase {
    private var fixtures: String { Bundle.module.resourcePath! + "/Fixtures/release-f4dd482" }

    func testEveryRevisionReadsBackByteIdenticalAfterThePostgresMigration() async throws {
        let url = try postgresDatabase()
        let release = EmbeddedMigrations.postgres.filter { Migration(fileName: $0.fileName, sql: $0.sql)!.version <= 3 }
        XCTAssertEqual(release.map(\.fileName), ["0001_initial.sql", "0003_deletions.sql"])
        let connection = try PostgresConnection(url: url, statementTimeoutMilliseconds: 10_000)
        try Migrator(files: release).migrate(connection, now: 0)

        let fixture = try Database(path: fixtures + "/release-f4dd482.db", mode: .reader)
        typealias Revision = (stackID: Int64, number: Int, digest: String, enabled: Bool, reason: String, author: String,
                              createdAt: Int64, changeSummary: String, generatorVersion: String, warnings: [UInt8],
                              inputs: [UInt8], policies: [UInt8], restoredFrom: Int?)
        let revisions: [Revision] = try fixture.all(
            """
            SELECT stack_id, number, digest, enabled, reason, author, created_at, change_summary, generator_version,
                warnings, inputs, policies, restored_from FROM revisions ORDER BY stack_id, number
            """
        ) { row in
            (row.int64(0), row.int(1), row.text(2), row.bool(3), row.text(4), row.text(5), row.int64(6), row.text(7),
             row.text(8), row.blob(9), row.blob(10), row.blob(11), row.isNull(12) ? nil : row.int(12))
        }
        XCTAssertEqual(revisions.count, 10)
        let stacks = try fixture.all(
                "SELECT id, namespace, name, inputs, current_revision, generation, etag, created_at, updated_at, deleted_at FROM stacks"
            ) { row -> [any PostgresBindable] in
                [row.int64(0), row.text(1), row.text(2), row.blob(3), row.int64(4), row.int64(5), row.text(6),
                 row.int64(7), row.int64(8), row.isNull(9) ? PostgresNull(postgresType: PostgresType.int8) : row.int64(9)]
            }
        let deletions = try fixture.all("SELECT stack_id, revision, deleted_at, author FROM deletions") { row -> [any PostgresBindable] in
            [row.int64(0), row.int64(1), row.int64(2), row.text(3)]
        }
        try connection.transaction { () throws(PostgresError) in
            for stack in stacks {
                try connection.run(
                    """
                    INSERT INTO stacks (id, namespace, name, inputs, current_revision, generation, etag, created_at,
                        updated_at, deleted_at) OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    """, stack)
            }
            for r in revisions {
                try connection.run(
                    """
                    INSERT INTO revisions (stack_id, number, digest, enabled, reason, author, created_at, change_summary,
                        generator_version, warnings, inputs, policies, restored_from)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                    """,
                    [r.stackID, r.number, r.digest, r.enabled, r.reason, r.author, r.createdAt, r.changeSummary,
                     r.generatorVersion, r.warnings, r.inputs, r.policies,
                     r.restoredFrom.map { $0 as any PostgresBindable } ?? PostgresNull(postgresType: PostgresType.int8)])
            }
            for deletion in deletions {
                try connection.run(
                    "INSERT INTO deletions (stack_id, revision, deleted_at, author) VALUES ($1, $2, $3, $4)", deletion)
            }
        }

        let store = try PostgresStackStore(
            url: url, configuration: PostgresStackStore.Configuration(), migrations: EmbeddedMigrations.postgres,
            clock: Timestamp.now)
        defer { store.close() }
        let names = try fixture.all("SELECT id, namespace, name FROM stacks") { ($0.int64(0), $0.text(1), $0.text(2)) }
        for r in revisions {
            let (namespace, name) = try XCTUnwrap(names.first { $0.0 == r.stackID }.map { ($0.1, $0.2) })
            let read = try await store.revision(namespace: namespace, name: name, number: r.number)
            let stored = try XCTUnwrap(read, "\(namespace)/\(name) \(r.number)")
            XCTAssertEqual(stored.inputsJSON, r.inputs)
            XCTAssertEqual(stored.policiesJSON, r.policies)
            XCTAssertEqual(stored.warningsJSON, r.warnings)
            XCTAssertEqual(stored.summary.digest, r.digest)
            XCTAssertEqual(stored.summary.changeSummary, r.changeSummary)
            XCTAssertEqual(stored.restoredFrom, r.restoredFrom)
        }
        let page = try await store.listStacks(namespace: nil, limit: 500, cursor: nil)
        XCTAssertEqual(page.items.map { "\($0.namespace)/\($0.name) \($0.current.number)" },
                       ["team-a/audit 3", "team-a/logs 5", "team-b/infra 1"])
    }
}
