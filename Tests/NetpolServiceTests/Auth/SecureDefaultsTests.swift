import Foundation
import XCTest
import HTTPTestSupport

/// Without a tokens file: loopback only, loopback `Host` names only (DNS rebinding), and the
/// image's missing tokens file explained.
final class SecureDefaultsTests: ServiceTestCase {
    private func raw(_ host: String?, _ target: String = "/v1/lokistacks", port: Int? = nil) throws -> HTTPTestResponse {
        var head = "GET \(target) HTTP/1.1\r\n"
        if let host { head += "Host: \(host)\r\n" }
        head += "\r\n"
        let connection = HTTPTestClient(port: port ?? server.port)
        defer { connection.close() }
        return try connection.exchange(Array(head.utf8))
    }

    func testForeignHostIsMisdirectedWithoutTokens() throws {
        for host in ["localhost", "localhost:8080", "app.localhost:1", "127.0.0.1", "127.1.2.3:99", "[::1]:8080", "LOCALHOST"] {
            XCTAssertEqual(try raw(host).status, 200, host)
        }
        for host in ["evil.example", "evil.example:8080", "localhost.evil.example", "127.0.0.1.evil.example", "10.0.0.1", "[::2]"] {
            let response = try raw(host)
            assertStatus(response, 421, host)
            XCTAssertEqual(response.json?["type"] as? String, "urn:lokinetpol:problem:misdirected-request")
        }
        // Absolute-form targets are judged by their authority.
        XCTAssertEqual(try raw("localhost", "http://evil.example/v1/lokistacks").status, 421)
        // Probes are exempt; the OpenAPI document is not.
        XCTAssertEqual(try raw("evil.example", "/healthz").status, 200)
        XCTAssertEqual(try raw("evil.example", "/readyz").status, 200)
        XCTAssertEqual(try raw("evil.example", "/openapi.yaml").status, 421)
    }

    func testAllowedHostAndExplicitFlag() throws {
        let named = try ServerProcess(
            directory: server.directory.appendingPathComponent("named"), extraArguments: ["--allowed-host", "dev.example"])
        defer { named.cleanUp() }
        XCTAssertEqual(try raw("dev.example:8080", port: named.port).status, 200)
        XCTAssertEqual(try raw("other.example", port: named.port).status, 421)

        let open = try ServerProcess(
            directory: server.directory.appendingPathComponent("open"), extraArguments: ["--allow-unauthenticated-remote"])
        defer { open.cleanUp() }
        XCTAssertEqual(try raw("anything.example", port: open.port).status, 200)
        XCTAssertTrue(open.logLines().contains { ($0["message"] as? String ?? "").contains("any Host name accepted") })
    }

    func testImpersonationWithoutTokensIsForbidden() throws {
        let response = try get("/v1/lokistacks", headers: [("Impersonate-User", "alice")])
        assertStatus(response, 403)
    }

    func testMissingTokensFileFromTheEnvironmentExplainsHowToMountOne() throws {
        let missing = server.directory.appendingPathComponent("absent/tokens.yaml").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binaryPath)
        process.arguments = ["serve", "--listen", "0.0.0.0:0", "--db", server.directory.appendingPathComponent("m.db").path]
        process.environment = ["LOKINETPOL_TOKENS": missing]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertNotEqual(process.terminationStatus, 0)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(message.contains("Mount a tokens file"), message)
        XCTAssertTrue(message.contains("--allow-unauthenticated-remote"), message)

        // Knowingly open: it starts, and says it runs without authentication.
        let open = try ServerProcess(
            directory: server.directory.appendingPathComponent("knowingly"), listen: "0.0.0.0:0",
            extraArguments: ["--allow-unauthenticated-remote"], environment: ["LOKINETPOL_TOKENS": missing])
        defer { open.cleanUp() }
        XCTAssertTrue(open.logText().contains("WITHOUT authentication"), open.logText())
    }

    func testTokensAllowANonLoopbackBind() throws {
        var tokens = TokenFixture()
        tokens.add("reader", scopes: ["read"], namespaces: ["*"])
        let path = server.directory.appendingPathComponent("tokens.yaml").path
        try tokens.write(to: path)
        let remote = try ServerProcess(
            directory: server.directory.appendingPathComponent("remote"), listen: "0.0.0.0:0",
            extraArguments: ["--tokens", path])
        defer { remote.cleanUp() }
        // With tokens any Host is fine: the token is what counts.
        let response = try HTTPTestClient(port: remote.port).request(
            "GET", "/v1/lokistacks", headers: [("Authorization", "Bearer \(tokens.secret("reader"))")])
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(try raw("evil.example", port: remote.port).status, 401)
    }
}
