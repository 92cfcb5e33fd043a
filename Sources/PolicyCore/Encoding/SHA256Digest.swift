import COpenSSL
import SystemSupport

/// SHA-256 through the system libcrypto's low-level SHA-256 (no provider set-up: see
/// `lnp_sha256` in COpenSSL's shim).
public enum SHA256Digest {
    /// The lowercase hexadecimal SHA-256 of `bytes` (64 characters).
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digest = self.bytes(bytes)
        return String(unsafeUninitializedCapacity: 64) { out in
            for (i, b) in digest.enumerated() {
                out[2 * i] = HexDigit.lowercase(b >> 4)
                out[2 * i + 1] = HexDigit.lowercase(b)
            }
            return 64
        }
    }

    /// `sha256:` followed by the lowercase hexadecimal SHA-256 of `bytes`: the form of the
    /// render result's `digest` and of the policies' ETag (spec §8, api.md).
    public static func prefixedHex(_ bytes: some Collection<UInt8>) -> String {
        "sha256:" + hex(bytes)
    }

    /// The 32-byte SHA-256 of `bytes`.
    public static func bytes(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ compute(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { compute($0) }
    }

    private static func compute(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            lnp_sha256(data.baseAddress, data.count, out.baseAddress)
            count = 32
        }
    }
}
