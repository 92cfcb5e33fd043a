/// A 128-bit keyed fingerprint of a bearer secret (two SipHash runs under the process's random
/// hashing seed), for ``TokenRegistry`` to recognise a secret it has already verified without
/// computing its SHA-256 again and without keeping the secret itself.
///
/// The key is random per process and never leaves it, so a fingerprint says nothing about the
/// secret to anyone who cannot also run this process's hasher, and a different secret matches a
/// remembered fingerprint with probability 2⁻¹²⁸.
struct SecretFingerprint: Equatable, Sendable {
    private let first: Int
    private let second: Int

    /// The fingerprint of `secret`'s bytes.
    init(_ secret: some Collection<UInt8>) {
        if let fingerprint = secret.withContiguousStorageIfAvailable({ Self(UnsafeRawBufferPointer($0)) }) {
            self = fingerprint
        } else {
            self = Array(secret).withUnsafeBytes { Self($0) }
        }
    }

    private init(_ bytes: UnsafeRawBufferPointer) {
        // Two runs told apart by a leading byte: independent 64-bit values of one key.
        var first = Hasher()
        first.combine(UInt8(0))
        first.combine(bytes: bytes)
        var second = Hasher()
        second.combine(UInt8(1))
        second.combine(bytes: bytes)
        self.first = first.finalize()
        self.second = second.finalize()
    }
}
