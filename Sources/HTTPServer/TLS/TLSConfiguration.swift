/// TLS settings of an `HTTPServer`: PEM certificate chain and private key files.
/// The server accepts TLS 1.2 (ECDHE with AES-GCM or ChaCha20-Poly1305) and TLS 1.3 only.
public struct TLSConfiguration: Sendable, Equatable {
    /// PEM file with the server certificate, optionally followed by its chain.
    public var certificatePath: String
    /// PEM file with the private key matching the certificate.
    public var privateKeyPath: String
    /// How long a client may take to complete the handshake after connecting.
    public var handshakeTimeout: Duration
    /// PEM file of the CAs whose client certificates are verified (optional client
    /// authentication: a client without a certificate still connects; a bad one does not).
    public var clientCertificateAuthorityPath: String?

    public init(
        certificatePath: String, privateKeyPath: String, handshakeTimeout: Duration = .seconds(10),
        clientCertificateAuthorityPath: String? = nil
    ) {
        self.clientCertificateAuthorityPath = clientCertificateAuthorityPath
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.handshakeTimeout = handshakeTimeout
    }
}
