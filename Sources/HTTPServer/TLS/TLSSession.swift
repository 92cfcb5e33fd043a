import COpenSSL

/// One connection's non-blocking TLS state (`SSL*`), used only on its event loop: the
/// connection's `Transport` when the server serves TLS.
final class TLSSession: Transport {
    private let ssl: OpaquePointer
    /// A fatal error (`SSL_ERROR_SSL` / `SSL_ERROR_SYSCALL`) happened: no `SSL_shutdown` after it.
    private(set) var failedFatally = false
    /// OpenSSL's reason for the fatal error, for a debug log line.
    private(set) var failureReason: String?

    init(_ ssl: OpaquePointer) {
        self.ssl = ssl
    }

    deinit {
        SSL_free(ssl)
    }

    /// Advances the server handshake.
    func handshake() -> TransportOutcome {
        let result = SSL_do_handshake(ssl)
        return result == 1 ? .done(0) : outcome(of: result)
    }

    /// Decrypts up to `buffer.count` bytes.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportOutcome {
        guard let base = buffer.baseAddress else { return .failed }
        let result = SSL_read(ssl, base, Int32(clamping: buffer.count))
        return result > 0 ? .done(Int(result)) : outcome(of: result)
    }

    /// Encrypts and sends up to `bytes.count` bytes (partial writes are enabled).
    func write(_ bytes: UnsafeRawBufferPointer) -> TransportOutcome {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .done(0) }
        let result = SSL_write(ssl, base, Int32(clamping: bytes.count))
        return result > 0 ? .done(Int(result)) : outcome(of: result)
    }

    /// The subject of the client's verified certificate as RFC 4514 text, most significant
    /// attribute last (`CN=portal,O=Example`); nil without a certificate.
    func verifiedPeerSubject() -> String? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        guard SSL_get_verify_result(ssl) == Int(X509_V_OK), let name = X509_get_subject_name(certificate) else {
            return nil
        }
        var parts: [String] = []
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index), let data = X509_NAME_ENTRY_get_data(entry),
                let bytes = ASN1_STRING_get0_data(data), let short = OBJ_nid2sn(OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry)))
            else { continue }
            let value = String(decoding: UnsafeBufferPointer(start: bytes, count: Int(ASN1_STRING_length(data))), as: UTF8.self)
            parts.append(String(cString: short) + "=" + value)
        }
        return parts.reversed().joined(separator: ",")
    }

    var needsHandshake: Bool { true }
    var shortTransferDrainsSocket: Bool { false }

    /// Decrypted bytes already buffered inside OpenSSL (readable without a socket event).
    var bufferedInput: Int {
        Int(SSL_pending(ssl))
    }

    /// Sends `close_notify` (best effort, never blocks); nothing after a fatal error, as
    /// OpenSSL requires.
    func shutdown() {
        guard !failedFatally else { return }
        if SSL_shutdown(ssl) < 0 { ERR_clear_error() }
    }

    private func outcome(of result: Int32) -> TransportOutcome {
        let code = SSL_get_error(ssl, result)
        switch code {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN: return .closed
        default:
            failedFatally = true
            failureReason = code == SSL_ERROR_SYSCALL ? "connection error" : TLSContext.takeErrors()
            ERR_clear_error()
            return .failed
        }
    }
}
