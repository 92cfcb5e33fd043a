import Foundation
import XCTest

/// Health, readiness, metrics, the OpenAPI document, request ids and the access log, the
/// health probe command, secure listen defaults and graceful shutdown.
final class OperationsTests: ServiceTestCase {
    func testHealthReadinessAndOpenAPI() throws {
        let health = try get("/healthz")
        assertStatus(health, 200)
        XCTAssertEqual(health.json?["status"] as? String, "ok")
        let ready = try get("/readyz")
        assertStatus(ready, 200)
        XCTAssertEqual(ready.json?["status"] as? String, "ready")
        let document = try get("/openapi.yaml")
        assertStatus(document, 200)
        XCTAssertEqual(document.mediaType, "application/yaml")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try Data(contentsOf: root.appendingPathComponent("openapi/openapi.yaml"))
        XCTAssertEqual(Data(document.body), file, "the embedded document is openapi/openapi.yaml")
        let head = try client.request("HEAD", "/openapi.yaml")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), String(file.count))
    }

    func testMetricsCountRequestsAndRevisions() throws {
        assertStatus(try put(Inputs.stackPath(), json: Inputs.envelope()), 201)
        assertStatus(try put(Inputs.stackPath(), json: Inputs.envelope(ruler: true)), 200)
        assertStatus(try put(Inputs.stackPath(), json: Inputs.envelope(ruler: true)), 200)
        assertStatus(try get("/v2/missing"), 404)
        let metrics = try get("/metrics")
        assertStatus(metrics, 200)
        XCTAssertEqual(metrics.mediaType, "text/plain")
        let text = metrics.text
        XCTAssertTrue(text.contains("lokinetpol_revisions_created_total 2\n"), text)
        XCTAssertTrue(text.contains("lokinetpol_db_errors_total 0\n"), text)
        XCTAssertTrue(text.contains(#"lokinetpol_build_info{version=""#), text)
        XCTAssertTrue(
            text.contains(#"lokinetpol_http_requests_total{method="PUT",route="/v1/namespaces/{ns}/lokistacks/{name}",status="200"} 2"#),
            text)
        XCTAssertTrue(text.contains(#"status="201"} 1"#), text)
        XCTAssertTrue(text.contains(#"route="unmatched",status="404"} 1"#), text)
        XCTAssertTrue(text.contains("lokinetpol_http_request_duration_seconds_bucket{le=\"+Inf\"}"), text)
    }

    func testRequestIDsAreEchoedAndLogged() throws {
        let echoed = try client.request("GET", "/healthz", headers: [("X-Request-Id", "trace-abc.123")])
        XCTAssertEqual(echoed.header("X-Request-Id"), "trace-abc.123")
        let generated = try client.request("GET", "/v1/lokistacks", headers: [("X-Request-Id", "bad id with spaces")])
        let id = try XCTUnwrap(generated.header("X-Request-Id"))
        XCTAssertNotEqual(id, "bad id with spaces")
        let problem = try get("/nothing/here")
        let problemID = try XCTUnwrap(problem.header("X-Request-Id"))
        XCTAssertEqual(problem.json?["requestId"] as? String, problemID)
        XCTAssertEqual(server.terminate(), 0)
        let access = server.logLines().filter { $0["message"] as? String == "request" }
        XCTAssertTrue(access.contains { $0["requestId"] as? String == "trace-abc.123" && $0["path"] as? String == "/healthz" })
        XCTAssertTrue(access.contains { $0["requestId"] as? String == id && $0["status"] as? String == "200" })
        XCTAssertTrue(access.contains { $0["requestId"] as? String == problemID && $0["status"] as? String == "404" })
        XCTAssertEqual(access.count, 3, "one access-log line per request")
        XCTAssertTrue(server.logLines().contains { $0["message"] as? String == "stopped" })
    }

    /// Runs `lokinetpol healthcheck --address ADDRESS` (plus `extra`); its exit status.
    func probe(_ address: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binaryPath)
        process.arguments = ["healthcheck", "--address", address, "--timeout", "2"] + extra
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LOKINETPOL_") }
            .merging(environment) { $1 }
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func testHealthcheckCommand() throws {
        XCTAssertEqual(try probe("0.0.0.0:\(server.port)"), 0)
        XCTAssertEqual(try probe("127.0.0.1:\(server.port)"), 0)
        XCTAssertEqual(server.terminate(), 0)
        XCTAssertEqual(try probe("127.0.0.1:\(server.port)"), 1)
    }

    func testHTTPSWithCertificateFromTheEnvironment() throws {
        let certificate = server.directory.appendingPathComponent("cert.pem").path
        let key = server.directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
            "-subj", "/CN=localhost",
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        XCTAssertEqual(openssl.terminationStatus, 0, "openssl made a certificate")
        let secure = try ServerProcess(
            directory: server.directory.appendingPathComponent("tls"),
            environment: ["LOKINETPOL_TLS_CERT": certificate, "LOKINETPOL_TLS_KEY": key])
        defer { secure.cleanUp() }
        XCTAssertTrue(secure.logLines().contains { $0["message"] as? String == "listening" && $0["tls"] as? String == "true" })
        let address = "127.0.0.1:\(secure.port)"
        XCTAssertEqual(try probe(address, ["--tls"]), 0, "HTTPS answers")
        XCTAssertEqual(try probe(address, environment: ["LOKINETPOL_TLS_CERT": certificate]), 0, "TLS follows the environment")
        XCTAssertEqual(try probe(address), 1, "plain HTTP to the TLS port is refused")
        XCTAssertEqual(try probe(address, ["--tls"]), 0, "and the server still serves HTTPS")

        let broken = Process()
        broken.executableURL = URL(fileURLWithPath: ServerProcess.binaryPath)
        broken.arguments = [
            "serve", "--listen", "127.0.0.1:0", "--db", server.directory.appendingPathComponent("b.db").path,
            "--tls-cert", server.directory.appendingPathComponent("missing.pem").path, "--tls-key", key,
        ]
        let errors = Pipe()
        broken.standardError = errors
        try broken.run()
        broken.waitUntilExit()
        XCTAssertEqual(broken.terminationStatus, 1)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(message.contains("missing.pem"), message)
    }

    func testRemoteListeningNeedsTheExplicitFlag() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binaryPath)
        process.arguments = ["serve", "--listen", "0.0.0.0:0", "--db", server.directory.appendingPathComponent("x.db").path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertNotEqual(process.terminationStatus, 0)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(message.contains("--allow-unauthenticated-remote"), message)

        let remote = try ServerProcess(
            directory: server.directory.appendingPathComponent("remote"), listen: nil, extraArguments: ["--allow-unauthenticated-remote"],
            environment: ["LOKINETPOL_LISTEN": "0.0.0.0:0"])
        defer { remote.cleanUp() }
        XCTAssertTrue(remote.logLines().contains { ($0["message"] as? String ?? "").contains("non-loopback") })
        XCTAssertTrue(server.logLines().contains { ($0["message"] as? String ?? "").contains("loopback only") })
    }

    func testSigtermFinishesInFlightWorkAndExitsZero() throws {
        assertStatus(try put(Inputs.stackPath(), json: Inputs.envelope()), 201)
        XCTAssertEqual(server.terminate(), 0)
        try server.start()
        client = server.client()
        XCTAssertEqual((try get(Inputs.stackPath()).json?["currentRevision"] as? [String: Any])?["number"] as? Int, 1)
    }

    /// libpq is loaded on the first PostgreSQL connection only: a service on SQLite never maps it
    /// (nor gnutls, krb5, ldap, … that it brings, ≈ 3 MB of RSS).
    func testSQLiteServiceDoesNotMapLibPQ() throws {
        assertStatus(try put(Inputs.stackPath(), json: Inputs.envelope()), 201)
        // Read to the end: /proc files report a size of 0.
        let file = try XCTUnwrap(FileHandle(forReadingAtPath: "/proc/\(server.process.processIdentifier)/maps"))
        let maps = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(maps.contains("libsqlite3"), "the maps of the running server")
        XCTAssertEqual(maps.split(separator: "\n").filter { $0.contains("libpq") }, [])
    }
}
