import COpenSSL
import Foundation
import Glibc
import HTTPTestSupport

/// A minimal blocking TLS client over COpenSSL for the live TLS tests (no verification:
/// the test certificate is self-signed).
final class TLSTestClient {
    enum TLSClientError: Error, CustomStringConvertible {
        case setup(String)
        case handshake(String)
        case io(String)

        var description: String {
            switch self {
            case .setup(let text): return "TLS client setup: \(text)"
            case .handshake(let text): return "TLS handshake failed: \(text)"
            case .io(let text): return "TLS I/O: \(text)"
            }
        }
    }

    private let tcp: HTTPTestClient
    private let context: OpaquePointer
    private let ssl: OpaquePointer

    /// Connects and completes a handshake limited to `minVersion…maxVersion`
    /// (e.g. `TLS1_1_VERSION`); security level 0 so that old versions can at least be offered.
    init(port: Int, minVersion: Int32 = TLS1_2_VERSION, maxVersion: Int32 = TLS1_3_VERSION) throws {
        tcp = try HTTPTestClient(connectingTo: port)
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw TLSClientError.setup(Self.errors()) }
        self.context = context
        SSL_CTX_set_security_level(context, 0)
        SSL_CTX_set_cipher_list(context, "DEFAULT:@SECLEVEL=0")
        SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(minVersion), nil)
        SSL_CTX_ctrl(context, SSL_CTRL_SET_MAX_PROTO_VERSION, Int(maxVersion), nil)
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw TLSClientError.setup(Self.errors())
        }
        self.ssl = ssl
        SSL_set_fd(ssl, tcp.fd)
        guard SSL_connect(ssl) == 1 else { throw TLSClientError.handshake(Self.errors()) }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// The negotiated protocol, e.g. "TLSv1.3".
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        guard written == bytes.count else { throw TLSClientError.io("write: \(Self.errors())") }
    }

    /// Reads until the server closes the connection, as text.
    func readToEnd() -> String {
        String(decoding: readBytesToEnd(), as: UTF8.self)
    }

    /// True once the server ended the session with a `close_notify` alert (not a bare EOF).
    private(set) var receivedCloseNotify = false

    /// Reads until the server closes the connection.
    func readBytesToEnd() -> [UInt8] {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = SSL_read(ssl, &chunk, Int32(chunk.count))
            if count <= 0 {
                receivedCloseNotify = SSL_get_error(ssl, count) == SSL_ERROR_ZERO_RETURN
                break
            }
            received.append(contentsOf: chunk[0..<Int(count)])
        }
        ERR_clear_error()
        return received
    }

    private static func errors() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.joined(separator: "; ")
    }
}

/// A self-signed certificate and key made with the `openssl` CLI in a temporary directory.
struct TestCertificate {
    let directory: URL
    var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    var keyPath: String { directory.appendingPathComponent("key.pem").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("http-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", directory.appendingPathComponent("key.pem").path,
            "-out", directory.appendingPathComponent("cert.pem").path,
            "-days", "1", "-subj", "/CN=localhost",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TLSTestClient.TLSClientError.setup("openssl req exited with \(process.terminationStatus)")
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
