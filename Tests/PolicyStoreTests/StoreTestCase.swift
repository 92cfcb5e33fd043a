import Foundation
import PostgresTestSupport
import XCTest

@testable import PolicyStore

/// The backend a store contract suite runs against.
enum StoreBackend: String {
    case sqlite, postgres
}

/// Base class: a fresh temporary directory per test, stores opened in it are
/// closed and the directory removed afterwards.
class StoreTestCase: XCTestCase {
    private(set) var directory = ""
    private var openStores: [SQLiteStackStore] = []
    private var openPostgresStores: [PostgresStackStore] = []

    /// The backend of ``openContractStore(clock:)``: SQLite here, PostgreSQL in the
    /// `Postgres…` subclasses (PostgresContractTests.swift).
    class var backend: StoreBackend { .sqlite }

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "policystore-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        for store in openStores { store.close() }
        openStores.removeAll()
        for store in openPostgresStores { store.close() }
        openPostgresStores.removeAll()
        try FileManager.default.removeItem(atPath: directory)
    }

    var databasePath: String { directory + "/netpol.db" }

    /// Opens a store on ``databasePath`` (closed in tear-down).
    func openStore(
        readers: Int = 2, migrations: [(fileName: String, sql: [UInt8])] = EmbeddedMigrations.files,
        clock: @escaping @Sendable () -> Int64 = Timestamp.now, objects: ObjectCache = ObjectCache()
    ) throws -> SQLiteStackStore {
        let store = try SQLiteStackStore(
            path: databasePath, readers: readers, migrations: migrations, clock: clock, objects: objects)
        openStores.append(store)
        return store
    }

    /// A store of ``backend`` on a fresh database (closed in tear-down). PostgreSQL runs on
    /// the shared test server; the test skips when the server is unavailable and allowed to be.
    func openContractStore(clock: @escaping @Sendable () -> Int64 = Timestamp.now) throws -> any StackStore {
        switch Self.backend {
        case .sqlite:
            return try openStore(clock: clock)
        case .postgres:
            let url = try postgresDatabase()
            let store = try PostgresStackStore(
                url: url, configuration: PostgresStackStore.Configuration(), migrations: EmbeddedMigrations.postgres,
                clock: clock)
            openPostgresStores.append(store)
            return store
        }
    }

    /// A new database on the shared PostgreSQL test server.
    func postgresDatabase() throws -> String {
        do {
            return try PostgresTestServer.shared().createDatabase()
        } catch let error as PostgresTestServer.Unavailable where error.skippable {
            print("skipping \(name): \(error)")
            throw XCTSkip("\(error)")
        }
    }

    /// `PRAGMA integrity_check` and `foreign_key_check` on a fresh connection (SQLite; on
    /// PostgreSQL the server enforces both on every commit).
    func assertDatabaseIntact(file: StaticString = #filePath, line: UInt = #line) throws {
        guard Self.backend == .sqlite else { return }
        let database = try Database(path: databasePath, mode: .reader)
        let integrity = try database.all("PRAGMA integrity_check") { $0.text(0) }
        XCTAssertEqual(integrity, ["ok"], file: file, line: line)
        let foreignKeyViolations = try database.all("PRAGMA foreign_key_check") { $0.text(0) }
        XCTAssertEqual(foreignKeyViolations, [], file: file, line: line)
    }
}

/// Builds writes with readable defaults.
enum Fixture {
    static func write(
        _ namespace: String = "logging", _ name: String = "lokistack", inputs: String = #"{"size":"1x.small"}"#,
        digest: String = "sha256:aaaa", policies: String? = nil, enabled: Bool = true,
        author: String = "alice", precondition: WritePrecondition = .none
    ) -> StackWrite {
        StackWrite(
            namespace: namespace, name: name, inputsJSON: Array(inputs.utf8), digest: digest,
            policiesJSON: Array((policies ?? #"{"kind":"List","digest":"\#(digest)"}"#).utf8), enabled: enabled,
            reason: enabled ? "enabled" : "disabled", warningsJSON: Array("[]".utf8), generatorVersion: "0.1.0",
            author: author, precondition: precondition, changeSummary: summary(nil), summaryBasis: .absent)
    }

    /// A change summary that records what the store passed as the previous revision.
    @Sendable static func summary(_ previous: PreviousRevision?) -> String {
        guard let previous else { return "created" }
        return (previous.stackWasDeleted ? "recreated after " : "after ")
            + "\(previous.number) \(previous.digest) \(String(decoding: previous.policiesJSON, as: UTF8.self))"
    }
}

extension StackStore {
    /// Upserts `write` as the service does (``StackStore/upsert(_:attempts:summarise:)``): while
    /// the store answers ``UpsertOutcome/summaryStale(_:)``, its summary (written for a first
    /// revision) is recomputed with ``Fixture/summary(_:)`` against the revision returned and the
    /// write sent again. Tests run up to a hundred writers on one stack at once: each may lose
    /// that many rounds.
    func upsert(summarised write: StackWrite) async throws(StoreError) -> UpsertOutcome {
        try await upsert(write, attempts: 1_000, summarise: Fixture.summary)
    }
}

extension UpsertOutcome {
    /// The written stack, or a test failure.
    func stack(file: StaticString = #filePath, line: UInt = #line) throws -> StoredStack {
        guard case .written(let stack, _, _) = self else {
            XCTFail("expected a written stack, got \(self)", file: file, line: line)
            throw StoreError.corrupt("test expectation")
        }
        return stack
    }

    var created: Bool? { if case .written(_, let created, _) = self { created } else { nil } }
    var revisionCreated: Bool? { if case .written(_, _, let revisionCreated) = self { revisionCreated } else { nil } }
}
