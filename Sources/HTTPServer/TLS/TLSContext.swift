import COpenSSL
import Glibc

/// A server `SSL_CTX` configured from a `TLSConfiguration`: TLS 1.2+ only, ECDHE + AEAD ciphers
/// for TLS 1.2 (OpenSSL's defaults for 1.3), certificate and key checked at creation.
/// `SSL_CTX` is safe to share between threads for creating sessions.
final class TLSContext: @unchecked Sendable {
    /// The TLS 1.2 cipher list: forward secrecy and AEAD only.
    static let tls12Ciphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    // OpenSSL function-like macros are not imported; these are their documented values.
    private static let optionNoRenegotiation: UInt64 = 1 << 30
    private static let optionNoCompression: UInt64 = 1 << 17

    let context: OpaquePointer

    init(_ configuration: TLSConfiguration) throws(HTTPServerError) {
        try Self.checkReadable(configuration.certificatePath, what: "certificate")
        try Self.checkReadable(configuration.privateKeyPath, what: "private key")
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw .tlsSetupFailed("cannot create an OpenSSL context: \(Self.takeErrors())")
        }
        self.context = context
        guard SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil) == 1 else {
            throw .tlsSetupFailed("cannot require TLS 1.2: \(Self.takeErrors())")
        }
        guard SSL_CTX_set_cipher_list(context, Self.tls12Ciphers) == 1 else {
            throw .tlsSetupFailed("cannot set the TLS 1.2 ciphers: \(Self.takeErrors())")
        }
        SSL_CTX_set_options(context, Self.optionNoRenegotiation | Self.optionNoCompression)
        let mode = SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS
        SSL_CTX_ctrl(context, SSL_CTRL_MODE, Int(mode), nil)
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificatePath) == 1 else {
            throw .tlsSetupFailed(
                "certificate file '\(configuration.certificatePath)' is not a valid PEM certificate: \(Self.takeErrors())")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            let errors = Self.takeErrors()
            if errors.contains("key values mismatch") {
                throw .tlsSetupFailed(
                    "private key '\(configuration.privateKeyPath)' does not match certificate '\(configuration.certificatePath)'")
            }
            throw .tlsSetupFailed(
                "private key file '\(configuration.privateKeyPath)' is not a valid PEM private key: \(errors)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw .tlsSetupFailed(
                "private key '\(configuration.privateKeyPath)' does not match certificate '\(configuration.certificatePath)': \(Self.takeErrors())")
        }
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// A new server session over the connected socket `fd`, nil if OpenSSL is out of memory.
    func makeSession(fd: Int32) -> TLSSession? {
        guard let ssl = SSL_new(context) else {
            ERR_clear_error()
            return nil
        }
        SSL_set_fd(ssl, fd)
        SSL_set_accept_state(ssl)
        return TLSSession(ssl)
    }

    private static func checkReadable(_ path: String, what: String) throws(HTTPServerError) {
        guard access(path, R_OK) == 0 else {
            throw .tlsSetupFailed("\(what) file '\(path)' cannot be read: \(errnoDescription(errno))")
        }
    }

    /// Drains OpenSSL's thread-local error queue into one line.
    static func takeErrors() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "unknown OpenSSL error" : messages.joined(separator: "; ")
    }
}
