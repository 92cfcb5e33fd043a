import COpenSSL
import HTTPServer
import Logging
import XCTest
import HTTPTestSupport

/// TLS end to end with a certificate made by the `openssl` CLI.
final class TLSTests: XCTestCase {
    private var certificate: TestCertificate!

    override func setUpWithError() throws {
        certificate = try TestCertificate()
    }

    override func tearDown() {
        certificate.remove()
    }

    private func startTLSServer() throws -> LiveServer {
        try LiveServer { configuration in
            configuration.tls = TLSConfiguration(
                certificatePath: self.certificate.certificatePath, privateKeyPath: self.certificate.keyPath,
                handshakeTimeout: .seconds(1))
        }
    }

    func testRequestOverTLS13AndTLS12() async throws {
        let live = try startTLSServer()
        for (version, name) in [(TLS1_3_VERSION, "TLSv1.3"), (TLS1_2_VERSION, "TLSv1.2")] {
            let client = try TLSTestClient(port: live.port, minVersion: Int32(version), maxVersion: Int32(version))
            XCTAssertEqual(client.protocolVersion, name)
            try client.send(RawRequest.get("/hello", "Connection: close\r\n"))
            let text = client.readToEnd()
            XCTAssertTrue(text.hasPrefix("HTTP/1.1 200 OK\r\n"), text)
            XCTAssertTrue(text.hasSuffix("\r\n\r\nhello"), text)
        }
        await live.stop()
    }

    func testIdleTLSConnectionIsEndedWithCloseNotify() async throws {
        let live = try LiveServer { configuration in
            configuration.idleTimeout = .milliseconds(300)
            configuration.tls = TLSConfiguration(
                certificatePath: self.certificate.certificatePath, privateKeyPath: self.certificate.keyPath)
        }
        let client = try TLSTestClient(port: live.port)
        try client.send(RawRequest.get("/hello"))
        XCTAssertTrue(client.readToEnd().hasSuffix("\r\n\r\nhello"))
        XCTAssertTrue(client.receivedCloseNotify, "closed with a close_notify alert, not a bare EOF")
        await live.stop()
    }

    func testKeepAliveAndLargeBodyOverTLS() async throws {
        let live = try startTLSServer()
        let client = try TLSTestClient(port: live.port)
        try client.send(RawRequest.get("/hello") + RawRequest.get("/big?bytes=300000", "Connection: close\r\n"))
        let bytes = client.readBytesToEnd()
        let text = String(decoding: bytes.prefix(400), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 200 OK\r\n"), text)
        XCTAssertTrue(text.contains("\r\n\r\nhelloHTTP/1.1 200 OK\r\n"), text)
        XCTAssertTrue(text.contains("Content-Length: 300000\r\n"), text)
        let body = bytes.suffix(300_000)
        XCTAssertEqual(Array(body), (0..<300_000).map { UInt8($0 % 251) })
        XCTAssertTrue(String(decoding: bytes.dropLast(300_000).suffix(4), as: UTF8.self) == "\r\n\r\n")
        await live.stop()
    }

    func testTLS11IsRefusedByTheServer() async throws {
        let live = try startTLSServer()
        XCTAssertThrowsError(try TLSTestClient(port: live.port, minVersion: Int32(TLS1_1_VERSION), maxVersion: Int32(TLS1_1_VERSION))) { error in
            // The alert comes from the server: the client did offer TLS 1.1.
            XCTAssertTrue("\(error)".contains("protocol version"), "\(error)")
        }
        let client = try TLSTestClient(port: live.port)
        try client.send(RawRequest.get("/hello", "Connection: close\r\n"))
        XCTAssertTrue(client.readToEnd().hasPrefix("HTTP/1.1 200 OK"))
        await live.stop()
    }

    func testPlainHTTPToTheTLSPortIsClosedAndTheServerKeepsServing() async throws {
        let live = try startTLSServer()
        let plain = try HTTPTestClient(connectingTo: live.port)
        plain.send(RawRequest.get("/hello"))
        XCTAssertTrue(plain.waitForClose(timeout: 3), "plain HTTP on the TLS port must be closed")
        XCTAssertFalse(String(decoding: plain.unreadBytes, as: UTF8.self).contains("200 OK"))
        let client = try TLSTestClient(port: live.port)
        try client.send(RawRequest.get("/hello", "Connection: close\r\n"))
        XCTAssertTrue(client.readToEnd().hasPrefix("HTTP/1.1 200 OK"))
        await live.stop()
    }

    func testConnectionsBeyondTheLimitAreClosedWithoutAHandshake() async throws {
        let live = try LiveServer { configuration in
            configuration.maxConnections = 1
            configuration.tls = TLSConfiguration(
                certificatePath: self.certificate.certificatePath, privateKeyPath: self.certificate.keyPath)
        }
        let admitted = try TLSTestClient(port: live.port)
        let rejected = try HTTPTestClient(connectingTo: live.port)
        XCTAssertTrue(rejected.waitForClose(timeout: 2))
        XCTAssertTrue(rejected.unreadBytes.isEmpty, "no plain-text 503 inside a TLS port")
        try admitted.send(RawRequest.get("/hello", "Connection: close\r\n"))
        XCTAssertTrue(admitted.readToEnd().hasPrefix("HTTP/1.1 200 OK"))
        await live.stop()
    }

    func testSilentClientIsCutOffAfterTheHandshakeTimeout() async throws {
        let live = try startTLSServer()
        let silent = try HTTPTestClient(connectingTo: live.port)
        let started = Date()
        XCTAssertTrue(silent.waitForClose(timeout: 4))
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.8)
        await live.stop()
    }

    func testStartupErrorsNameTheFileAtFault() throws {
        let garbage = certificate.directory.appendingPathComponent("garbage.pem").path
        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: garbage))
        let other = try TestCertificate()
        defer { other.remove() }
        let cases: [(certificate: String, key: String, mentions: String)] = [
            ("/nonexistent/cert.pem", certificate.keyPath, "/nonexistent/cert.pem"),
            (certificate.certificatePath, "/nonexistent/key.pem", "/nonexistent/key.pem"),
            (garbage, certificate.keyPath, garbage),
            (certificate.certificatePath, garbage, garbage),
            (certificate.certificatePath, other.keyPath, "does not match"),
        ]
        for entry in cases {
            var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
            configuration.tls = TLSConfiguration(certificatePath: entry.certificate, privateKeyPath: entry.key)
            XCTAssertThrowsError(try HTTPServer(configuration: configuration, router: Router(), logger: Logger(label: "t"))) { error in
                guard case HTTPServerError.tlsSetupFailed(let message) = error else {
                    return XCTFail("unexpected error \(error)")
                }
                XCTAssertTrue(message.contains(entry.mentions), message)
            }
        }
    }
}
