import COpenSSL
import Glibc
import Synchronization

/// The server `SSL_CTX` built from a `TLSConfiguration`, replaceable at run time (`reload()`,
/// e.g. on SIGHUP after a certificate rotation; sessions already open keep the old one).
///
/// Mozilla's "intermediate" profile: TLS 1.2+ only, ECDHE + AEAD ciphers for TLS 1.2 (OpenSSL's
/// defaults for 1.3), key exchange groups X25519, P-256 and P-384 only, OpenSSL security level
/// 2 (RSA keys of at least 2048 bits), no session tickets or session cache, no renegotiation or
/// compression. Certificate and key are checked when the context is built; an encrypted key is
/// refused (never prompted for).
final class TLSContext: Sendable {
    /// The TLS 1.2 cipher list: forward secrecy and AEAD only.
    static let tls12Ciphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")
    /// The key exchange groups offered.
    static let groups = "X25519:P-256:P-384"

    // OpenSSL function-like macros are not imported; these are their documented values.
    private static let optionNoRenegotiation: UInt64 = 1 << 30
    private static let optionNoCompression: UInt64 = 1 << 17
    private static let optionNoTicket: UInt64 = 1 << 14
    private static let controlSetGroupsList: Int32 = 92
    private static let controlSetSessionCacheMode: Int32 = 44

    let configuration: TLSConfiguration
    /// The current `SSL_CTX` (sessions hold their own reference to the one they were made from).
    private let current: Mutex<UnsafeContext>
    /// Things worth a warning found while building the current context (e.g. key permissions).
    let warnings: [String]

    /// An `SSL_CTX` pointer; `SSL_CTX` is safe to share between threads for creating sessions.
    private struct UnsafeContext: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    init(_ configuration: TLSConfiguration) throws(HTTPServerError) {
        self.configuration = configuration
        let (context, warnings) = try Self.makeContext(configuration)
        current = Mutex(UnsafeContext(pointer: context))
        self.warnings = warnings
    }

    deinit {
        current.withLock { SSL_CTX_free($0.pointer) }
    }

    /// Builds a new context from the configured files and switches to it; on error the current
    /// one stays. Returns the warnings about the new files.
    func reload() throws(HTTPServerError) -> [String] {
        let (context, warnings) = try Self.makeContext(configuration)
        let old = current.withLock { state in
            defer { state = UnsafeContext(pointer: context) }
            return state
        }
        SSL_CTX_free(old.pointer)
        return warnings
    }

    /// A new server session over the connected socket `fd`; nil when OpenSSL cannot make one.
    func makeSession(fd: Int32) -> TLSSession? {
        let made = current.withLock { SSL_new($0.pointer) }
        guard let ssl = made else {
            ERR_clear_error()
            return nil
        }
        guard SSL_set_fd(ssl, fd) == 1 else {
            ERR_clear_error()
            SSL_free(ssl)
            return nil
        }
        SSL_set_accept_state(ssl)
        return TLSSession(ssl)
    }

    private static func makeContext(_ configuration: TLSConfiguration) throws(HTTPServerError) -> (OpaquePointer, [String]) {
        try checkReadable(configuration.certificatePath, what: "certificate")
        try checkReadable(configuration.privateKeyPath, what: "private key")
        try checkNotEncrypted(configuration.privateKeyPath)
        var warnings: [String] = []
        if let warning = permissionWarning(configuration.privateKeyPath) { warnings.append(warning) }
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw .tlsSetupFailed("cannot create an OpenSSL context: \(takeErrors())")
        }
        do throws(HTTPServerError) {
            try configure(context, configuration)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        return (context, warnings)
    }

    private static func configure(_ context: OpaquePointer, _ configuration: TLSConfiguration) throws(HTTPServerError) {
        // Never prompt for a pass phrase (an encrypted key is refused above; this is the backstop).
        SSL_CTX_set_default_passwd_cb(context) { _, _, _, _ in 0 }
        SSL_CTX_set_security_level(context, 2)
        guard SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil) == 1 else {
            throw .tlsSetupFailed("cannot require TLS 1.2: \(takeErrors())")
        }
        guard SSL_CTX_set_cipher_list(context, tls12Ciphers) == 1 else {
            throw .tlsSetupFailed("cannot set the TLS 1.2 ciphers: \(takeErrors())")
        }
        let groupsSet = groups.withCString { SSL_CTX_ctrl(context, controlSetGroupsList, 0, UnsafeMutableRawPointer(mutating: $0)) }
        guard groupsSet == 1 else {
            throw .tlsSetupFailed("cannot limit the key exchange groups to \(groups): \(takeErrors())")
        }
        SSL_CTX_set_options(context, optionNoRenegotiation | optionNoCompression | optionNoTicket)
        guard SSL_CTX_set_num_tickets(context, 0) == 1 else {
            throw .tlsSetupFailed("cannot turn TLS 1.3 session tickets off: \(takeErrors())")
        }
        SSL_CTX_ctrl(context, controlSetSessionCacheMode, 0, nil)  // SSL_SESS_CACHE_OFF; returns the old mode
        let mode = SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS
        SSL_CTX_ctrl(context, SSL_CTRL_MODE, Int(mode), nil)  // returns the new mode bits
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificatePath) == 1 else {
            let errors = takeErrors()
            if strstr(errors, "too small") != nil {
                throw .tlsSetupFailed(
                    "certificate '\(configuration.certificatePath)' has a key too weak for OpenSSL security level 2 "
                        + "(RSA and DSA keys need at least 2048 bits, EC keys 224): \(errors)")
            }
            throw .tlsSetupFailed(
                "certificate file '\(configuration.certificatePath)' is not a valid PEM certificate: \(errors)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            let errors = takeErrors()
            if strstr(errors, "key values mismatch") != nil {
                throw .tlsSetupFailed(
                    "private key '\(configuration.privateKeyPath)' does not match certificate '\(configuration.certificatePath)'")
            }
            throw .tlsSetupFailed(
                "private key file '\(configuration.privateKeyPath)' is not a valid PEM private key: \(errors)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw .tlsSetupFailed(
                "private key '\(configuration.privateKeyPath)' does not match certificate '\(configuration.certificatePath)': \(takeErrors())")
        }
        if let authorities = configuration.clientCertificateAuthorityPath {
            try checkReadable(authorities, what: "client CA")
            guard SSL_CTX_load_verify_locations(context, authorities, nil) == 1,
                let names = SSL_load_client_CA_file(authorities)
            else {
                throw .tlsSetupFailed("client CA file '\(authorities)' holds no valid PEM certificate: \(takeErrors())")
            }
            SSL_CTX_set_client_CA_list(context, names)
            let sessionContext = Array("HTTPServer".utf8)
            guard SSL_CTX_set_session_id_context(context, sessionContext, UInt32(sessionContext.count)) == 1 else {
                throw .tlsSetupFailed("cannot set the session id context: \(takeErrors())")
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)  // optional: no FAIL_IF_NO_PEER_CERT
        }
    }

    private static func checkReadable(_ path: String, what: String) throws(HTTPServerError) {
        guard access(path, R_OK) == 0 else {
            throw .tlsSetupFailed("\(what) file '\(path)' cannot be read: \(errnoDescription(errno))")
        }
    }

    /// Refuses a pass-phrase-protected PEM key (PKCS#8 `ENCRYPTED PRIVATE KEY` or a legacy
    /// `Proc-Type: 4,ENCRYPTED` header) with a clear message instead of prompting on a terminal.
    private static func checkNotEncrypted(_ path: String) throws(HTTPServerError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var head = [CChar](repeating: 0, count: 4097)  // the first 4 KiB, always NUL-terminated
        let count = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
        guard count > 0 else { return }
        let mentions = { (marker: String) in strstr(head, marker) != nil }
        if mentions("ENCRYPTED PRIVATE KEY") || mentions("Proc-Type: 4,ENCRYPTED") {
            throw .tlsSetupFailed(
                "private key '\(path)' is encrypted with a pass phrase; the server never prompts for one: "
                    + "give it an unencrypted key (e.g. openssl pkey -in KEY -out KEY.plain) kept readable by the server only")
        }
    }

    /// A warning when the key file is readable or writable by group or others.
    private static func permissionWarning(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
        let mode = String(info.st_mode & 0o777, radix: 8)
        return "private key file '\(path)' is accessible by group or others (mode \(mode)); chmod 600 it"
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
