import Foundation
import XCTest
import HTTPTestSupport

/// HTTPS end to end with a test CA (openssl CLI) and curl: certificate rotation on SIGHUP,
/// refused weak and encrypted keys, the key-permission warning, failed handshakes counted.
final class TLSHardeningTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lokinetpol-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard (try? run("/usr/bin/env", ["openssl", "version"]).status) == 0,
            (try? run("/usr/bin/env", ["curl", "--version"]).status) == 0
        else { throw XCTSkip("openssl and curl are needed") }
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=lokinetpol test CA"])
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func openssl(_ arguments: [String]) throws {
        let result = try run("/usr/bin/env", ["openssl"] + arguments)
        XCTAssertEqual(result.status, 0, result.output)
    }

    /// A server certificate for localhost signed by the test CA, with `serial`.
    func issue(_ name: String, serial: Int, keyType: [String] = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]) throws {
        try openssl(["req", "-new"] + keyType + ["-nodes", "-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=localhost"])
        try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\n".utf8).write(to: URL(fileURLWithPath: path("ext.cnf")))
        try openssl(["x509", "-req", "-in", path("\(name).csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                     "-set_serial", String(serial), "-days", "1", "-extfile", path("ext.cnf"), "-out", path("\(name).pem")])
        chmod(path("\(name).key"), 0o600)
    }

    func curl(_ port: Int, _ target: String = "/healthz") throws -> (status: Int32, output: String) {
        try run("/usr/bin/env", ["curl", "-sS", "--cacert", path("ca.pem"), "-o", "/dev/null", "-w", "%{http_code} %{certs}",
                                 "https://localhost:\(port)\(target)"])
    }

    /// The serial number of the certificate the server presents.
    func servedSerial(_ port: Int) throws -> String {
        let result = try run("/usr/bin/env", ["sh", "-c",
            "openssl s_client -connect 127.0.0.1:\(port) -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -serial"])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testHTTPSEndToEndAndRotationOnHangup() throws {
        try issue("server", serial: 1001)
        let server = try ServerProcess(
            directory: directory.appendingPathComponent("run"),
            extraArguments: ["--tls-cert", path("server.pem"), "--tls-key", path("server.key")])
        defer { server.cleanUp() }
        let first = try curl(server.port)
        XCTAssertTrue(first.output.hasPrefix("200"), first.output)
        XCTAssertEqual(try servedSerial(server.port), "serial=03E9")

        // Rotate: new files in place, SIGHUP, the new certificate is served.
        try issue("rotated", serial: 1002)
        try FileManager.default.removeItem(atPath: path("server.pem"))
        try FileManager.default.removeItem(atPath: path("server.key"))
        try FileManager.default.copyItem(atPath: path("rotated.pem"), toPath: path("server.pem"))
        try FileManager.default.copyItem(atPath: path("rotated.key"), toPath: path("server.key"))
        chmod(path("server.key"), 0o600)
        try server.hangUp(waitingFor: ["TLS certificate and key reloaded"])
        XCTAssertEqual(try servedSerial(server.port), "serial=03EA")
        XCTAssertTrue(try curl(server.port).output.hasPrefix("200"))

        // A broken key on reload keeps the current pair.
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: path("server.key")))
        try server.hangUp(waitingFor: ["TLS certificate and key not reloaded; the previous ones stay in force"])
        XCTAssertEqual(try servedSerial(server.port), "serial=03EA")

        // Plain HTTP on the TLS port is a failed handshake: counted.
        let plain = HTTPTestClient(port: server.port)
        _ = try? plain.request("GET", "/healthz")
        plain.close()
        let metrics = try run("/usr/bin/env", ["curl", "-sS", "--cacert", path("ca.pem"), "https://localhost:\(server.port)/metrics"])
        XCTAssertTrue(metrics.output.contains("lokinetpol_tls_handshake_failures_total 1"), metrics.output)
    }

    func testClientCertificateListedInTheTokensFileAuthenticates() throws {
        try issue("server", serial: 11)
        // A client certificate from the test CA, subject CN=batch,O=Example.
        try openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path("client.key"),
                     "-out", path("client.csr"), "-subj", "/O=Example/CN=batch"])
        try Data("extendedKeyUsage=clientAuth\n".utf8).write(to: URL(fileURLWithPath: path("client.cnf")))
        try openssl(["x509", "-req", "-in", path("client.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                     "-set_serial", "12", "-days", "1", "-extfile", path("client.cnf"), "-out", path("client.pem")])
        try Data("""
            tokens:
              - name: batch
                subject: CN=batch,O=Example
                scopes: [read]
                namespaces: ["*"]
            """.utf8).write(to: URL(fileURLWithPath: path("tokens.yaml")))
        let server = try ServerProcess(
            directory: directory.appendingPathComponent("run"),
            extraArguments: ["--tls-cert", path("server.pem"), "--tls-key", path("server.key"),
                             "--tls-client-ca", path("ca.pem"), "--tokens", path("tokens.yaml")])
        defer { server.cleanUp() }
        func status(_ extra: [String]) throws -> String {
            try run("/usr/bin/env", ["curl", "-s", "--cacert", path("ca.pem"), "-o", "/dev/null", "-w", "%{http_code}"]
                    + extra + ["https://localhost:\(server.port)/v1/lokistacks"]).output
        }
        XCTAssertEqual(try status(["--cert", path("client.pem"), "--key", path("client.key")]), "200")
        XCTAssertEqual(try status([]), "401", "no certificate, no token")
        // A certificate from another CA does not even complete the handshake.
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path("rogue.key"),
                     "-out", path("rogue.pem"), "-days", "1", "-subj", "/O=Example/CN=batch"])
        XCTAssertNotEqual(try status(["--cert", path("rogue.pem"), "--key", path("rogue.key")]), "200")
        XCTAssertEqual(server.terminate(), 0)
        XCTAssertTrue(server.logLines().contains { $0["identity"] as? String == "batch" })
    }

    func testOnlyModernGroupsAreOffered() throws {
        try issue("server", serial: 7)
        let server = try ServerProcess(
            directory: directory.appendingPathComponent("run"),
            extraArguments: ["--tls-cert", path("server.pem"), "--tls-key", path("server.key")])
        defer { server.cleanUp() }
        func handshake(_ group: String) throws -> Bool {
            try run("/usr/bin/env", ["sh", "-c",
                "openssl s_client -connect 127.0.0.1:\(server.port) -groups \(group) </dev/null 2>&1 | grep -q 'BEGIN CERTIFICATE\\|Server certificate'"]).status == 0
        }
        XCTAssertTrue(try handshake("X25519"))
        XCTAssertTrue(try handshake("P-256"))
        XCTAssertTrue(try handshake("P-384"))
        XCTAssertFalse(try handshake("P-521"))
        XCTAssertFalse(try handshake("X448"))
    }

    func testWeakEncryptedAndExposedKeys() throws {
        func start(_ certificate: String, _ key: String) throws -> (status: Int32, output: String) {
            try run(ServerProcess.binaryPath, ["serve", "--listen", "127.0.0.1:0", "--db", path("x.db"),
                                               "--tls-cert", certificate, "--tls-key", key])
        }
        try openssl(["req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", path("weak.key"), "-out", path("weak.pem"),
                     "-days", "1", "-subj", "/CN=localhost"])
        let weak = try start(path("weak.pem"), path("weak.key"))
        XCTAssertNotEqual(weak.status, 0)
        XCTAssertTrue(weak.output.contains("at least 2048 bits"), weak.output)

        try issue("server", serial: 9)
        try openssl(["pkey", "-in", path("server.key"), "-aes256", "-passout", "pass:hunter2", "-out", path("locked.key")])
        let locked = try start(path("server.pem"), path("locked.key"))
        XCTAssertNotEqual(locked.status, 0)
        XCTAssertTrue(locked.output.contains("encrypted with a pass phrase"), locked.output)

        chmod(path("server.key"), 0o644)
        let exposed = try ServerProcess(
            directory: directory.appendingPathComponent("exposed"),
            extraArguments: ["--tls-cert", path("server.pem"), "--tls-key", path("server.key")])
        defer { exposed.cleanUp() }
        XCTAssertTrue(exposed.logText().contains("accessible by group or others"), exposed.logText())
    }
}
