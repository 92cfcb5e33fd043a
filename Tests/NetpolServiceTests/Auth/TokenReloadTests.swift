import Foundation
import XCTest

/// SIGHUP reloads the tokens file atomically: added tokens work at once, removed ones are
/// refused at once, a broken file keeps the previous set and says why without a secret.
final class TokenReloadTests: XCTestCase {
    func testHangupAddsRemovesAndKeepsTheOldSetOnABrokenFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lokinetpol-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("tokens.yaml").path
        var tokens = TokenFixture()
        tokens.add("first", scopes: ["read"], namespaces: ["*"])
        try tokens.write(to: path)
        let server = try ServerProcess(directory: directory, extraArguments: ["--tokens", path])
        defer { server.cleanUp() }
        let client = server.client()
        defer { client.close() }
        func status(_ name: String, _ secret: String) throws -> Int {
            try client.request("GET", "/v1/lokistacks", headers: [("Authorization", "Bearer \(secret)")]).status
        }
        let firstSecret = tokens.secret("first")

        tokens.add("second", scopes: ["read"], namespaces: ["*"])
        let secondSecret = tokens.secret("second")
        XCTAssertEqual(try status("second", secondSecret), 401)
        try tokens.write(to: path)
        try server.hangUp(waitingFor: ["tokens file reloaded"])
        XCTAssertEqual(try status("second", secondSecret), 200, "an added token works without restart")
        XCTAssertEqual(try status("first", firstSecret), 200)

        tokens.remove("first")
        try tokens.write(to: path)
        try server.hangUp(waitingFor: ["tokens file reloaded"])
        XCTAssertEqual(try status("first", firstSecret), 401, "a removed token is refused at once")

        let leaked = "lnp_pasted_by_mistake_9f8e7d6c5b4a"
        try Data((tokens.yaml + "  - name: broken\n    secret: \(leaked)\n").utf8).write(to: URL(fileURLWithPath: path))
        try server.hangUp(waitingFor: ["tokens file not reloaded; the previous tokens stay in force"])
        XCTAssertEqual(try status("second", secondSecret), 200, "a broken file keeps the old set")
        try Data("tokens: [unclosed\n".utf8).write(to: URL(fileURLWithPath: path))
        try server.hangUp(waitingFor: ["tokens file not reloaded; the previous tokens stay in force"])
        XCTAssertEqual(try status("second", secondSecret), 200)
        XCTAssertEqual(server.terminate(), 0)
        let log = server.logText()
        XCTAssertTrue(log.contains("/tokens/1/secret"), "the log names the place")
        XCTAssertTrue(log.contains("line 2"), "a YAML error names the line")
        for secret in [leaked, firstSecret, secondSecret] {
            XCTAssertFalse(log.contains(secret), "the log holds a secret")
        }
    }
}
