import XCTest

@testable import PolicyStore

/// `--db`: which backend, and the password never shown.
final class DatabaseLocationTests: XCTestCase {
    func testBackendFromTheValue() {
        XCTAssertEqual(DatabaseLocation("./lokinetpol.db"), .sqlite(path: "./lokinetpol.db"))
        XCTAssertEqual(DatabaseLocation("sqlite:/var/lib/x.db"), .sqlite(path: "/var/lib/x.db"))
        XCTAssertEqual(DatabaseLocation("postgres://u@h/db"), .postgres(url: "postgres://u@h/db"))
        XCTAssertEqual(DatabaseLocation("postgresql://h:5432/db"), .postgres(url: "postgresql://h:5432/db"))
        XCTAssertEqual(DatabaseLocation("postgresx://h/db"), .sqlite(path: "postgresx://h/db"))
    }

    func testDescriptionNeverShowsThePassword() {
        let cases = [
            ("postgres://alice:s3cr%40t@db:5432/netpol", "postgres://alice:***@db:5432/netpol"),
            ("postgresql://alice@db/netpol?password=hunter2&sslmode=require",
             "postgresql://alice@db/netpol?password=***&sslmode=require"),
            ("postgres://db/netpol", "postgres://db/netpol"),
        ]
        for (url, shown) in cases {
            XCTAssertEqual("\(DatabaseLocation(url))", shown)
        }
    }

    /// A failed connection's error names the problem, never the password.
    func testConnectionErrorsDoNotContainThePassword() {
        let url = "postgresql://alice:Pa55-w0rd-xyz@127.0.0.1:1/netpol"
        XCTAssertThrowsError(try PostgresStackStore(url: url)) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("Pa55-w0rd-xyz"), text)
            guard case StoreError.unavailable = error else { return XCTFail(text) }
        }
    }
}
