import Foundation
import PostgresTestSupport
import XCTest

/// The store backend an end-to-end suite starts `lokinetpol serve` on: a SQLite file in the
/// server's directory, or a throw-away database on the shared PostgreSQL test server (the
/// `Postgres…` subclasses in PostgresServiceTests.swift).
enum ServiceBackend: String {
    case sqlite, postgres

    /// A fresh database for one test: nil for SQLite (the server makes its own file), else a
    /// new PostgreSQL database (drop it with ``PostgresTestDatabase/drop()``). Skips the test
    /// when PostgreSQL is absent and allowed to be (see ``PostgresTestServer``).
    func database(for test: XCTestCase) throws -> PostgresTestDatabase? {
        guard self == .postgres else { return nil }
        do {
            let server = try PostgresTestServer.shared()
            return PostgresTestDatabase(server: server, url: try server.createDatabase())
        } catch let error as PostgresTestServer.Unavailable where error.skippable {
            print("skipping \(test.name): \(error)")
            throw XCTSkip("\(error)")
        }
    }
}

/// One test's database on the PostgreSQL test server.
struct PostgresTestDatabase {
    let server: PostgresTestServer
    /// The `--db` URL.
    let url: String

    /// Every row of the database as `pg_dump --data-only` prints it (for secret scans).
    func dump() throws -> String { try server.dump(url) }

    /// Drops the database (after its servers stopped; remaining connections are cut).
    func drop() throws {
        let name = url.split(separator: "/").last ?? ""
        try server.psql(server.adminURL, "DROP DATABASE \(name) WITH (FORCE)")
    }
}
