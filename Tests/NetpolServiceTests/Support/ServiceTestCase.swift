import Foundation
import XCTest
import HTTPTestSupport

/// A test case with a real `lokinetpol serve` process (fresh database) per test.
class ServiceTestCase: XCTestCase {
    var server: ServerProcess!
    var client: HTTPTestClient!
    /// The test's PostgreSQL database (nil on SQLite).
    private(set) var postgres: PostgresTestDatabase?

    /// The backend of the server: SQLite here, PostgreSQL in the `Postgres…` subclasses
    /// (PostgresServiceTests.swift).
    class var backend: ServiceBackend { .sqlite }

    override func setUpWithError() throws {
        postgres = try Self.backend.database(for: self)
        server = try ServerProcess(database: postgres?.url)
        client = server.client()
    }

    override func tearDown() {
        client?.close()
        server?.cleanUp()
        XCTAssertNoThrow(try postgres?.drop(), "the test database is dropped")
    }

    // MARK: - Requests

    @discardableResult
    func put(_ path: String, json: String, headers: [(String, String)] = []) throws -> HTTPTestResponse {
        try client.request("PUT", path, headers: [("Content-Type", "application/json")] + headers, text: json)
    }

    func get(_ path: String, accept: String? = nil, headers: [(String, String)] = []) throws -> HTTPTestResponse {
        try client.request("GET", path, headers: (accept.map { [("Accept", $0)] } ?? []) + headers)
    }

    /// Asserts the status and, for an error, that the body is problem+json with the same status.
    func assertStatus(
        _ response: HTTPTestResponse, _ status: Int, _ message: String = "", file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(response.status, status, "\(message) \(response)", file: file, line: line)
        XCTAssertNotNil(response.header("X-Request-Id"), "X-Request-Id missing: \(response)", file: file, line: line)
        if status >= 400 {
            assertProblem(response, status, file: file, line: line)
        }
    }

    /// problem+json with `type`, `title` and `status`.
    func assertProblem(_ response: HTTPTestResponse, _ status: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(response.mediaType, "application/problem+json", "\(response)", file: file, line: line)
        guard let problem = response.json else {
            return XCTFail("not JSON: \(response)", file: file, line: line)
        }
        XCTAssertEqual(problem["status"] as? Int, status, file: file, line: line)
        XCTAssertTrue((problem["type"] as? String)?.hasPrefix("urn:lokinetpol:problem:") ?? false, file: file, line: line)
        XCTAssertFalse((problem["title"] as? String ?? "").isEmpty, file: file, line: line)
    }

    /// The `errors[].pointer`s of a problem.
    func pointers(_ response: HTTPTestResponse) -> [String] {
        (response.json?["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String }
    }
}

/// Test inputs: LokiStack envelopes built from a few knobs.
enum Inputs {
    /// A JSON envelope on OpenShift 4.20 with policies explicitly enabled.
    static func envelope(
        name: String = "dev", namespace: String = "logging", mode: String = "openshift-logging", ruler: Bool = false,
        size: String = "1x.small", endpoint: String? = nil, includeNamespace: Bool = true, includeName: Bool = true
    ) -> String {
        var metadata: [String] = []
        if includeName { metadata.append(#""name":"\#(name)""#) }
        if includeNamespace { metadata.append(#""namespace":"\#(namespace)""#) }
        let objectStorage = endpoint.map { #","objectStorage":{"endpoint":"\#($0)"}"# } ?? ""
        return #"""
            {"lokistack":{"apiVersion":"loki.grafana.com/v1","kind":"LokiStack","metadata":{\#(metadata.joined(separator: ","))},\#
            "spec":{"size":"\#(size)","networkPolicies":{"disabled":false},"rules":{"enabled":\#(ruler)},\#
            "storage":{"secret":{"name":"s3-secret","type":"s3"}},"tenants":{"mode":"\#(mode)"}}},\#
            "cluster":{"platform":"openshift","openshiftVersion":"4.20"}\#(objectStorage)}
            """#
    }

    static func stackPath(_ name: String = "dev", namespace: String = "logging") -> String {
        "/v1/namespaces/\(namespace)/lokistacks/\(name)"
    }
}
