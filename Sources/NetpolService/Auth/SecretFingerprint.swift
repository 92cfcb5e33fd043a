/// A 128-bit keyed fingerprint of a bearer secret (SipHash-2-4's 128-bit output under a key
/// drawn at random when the process first needs it), for ``TokenRegistry`` to recognise a secret
/// it has already verified without computing its SHA-256 again and without keeping the secret
/// itself.
///
/// The key never leaves the process, so a fingerprint says nothing about the secret to anyone
/// without the key, and a different secret matches a remembered fingerprint with probability
/// 2⁻¹²⁸ (SipHash is a pseudorandom function of the bytes under a secret key).
struct SecretFingerprint: Equatable, Sendable {
    private let first: UInt64
    private let second: UInt64

    /// This process's key: random, made once, never written anywhere.
    private static let key = SipHash.Key.random()

    /// The fingerprint of `secret`'s bytes under this process's key.
    init(_ secret: some Collection<UInt8>) {
        if let fingerprint = secret.withContiguousStorageIfAvailable({ Self(UnsafeRawBufferPointer($0), key: Self.key) }) {
            self = fingerprint
        } else {
            self = Array(secret).withUnsafeBytes { Self($0, key: Self.key) }
        }
    }

    /// The fingerprint of `bytes` under `key`.
    init(_ bytes: UnsafeRawBufferPointer, key: SipHash.Key) {
        (first, second) = SipHash.hash128(bytes, key: key)
    }

    /// Equal fingerprints; every bit is compared (no early exit on the first that differs).
    static func == (lhs: SecretFingerprint, rhs: SecretFingerprint) -> Bool {
        (lhs.first ^ rhs.first) | (lhs.second ^ rhs.second) == 0
    }
}
