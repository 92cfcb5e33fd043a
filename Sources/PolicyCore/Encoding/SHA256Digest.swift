import COpenSSL

/// SHA-256 through the system libcrypto (OpenSSL 3, EVP with a pre-fetched method).
public enum SHA256Digest {
    /// The lowercase hexadecimal SHA-256 of `bytes` (64 characters).
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digest = self.bytes(bytes)
        return String(unsafeUninitializedCapacity: 64) { out in
            for (i, b) in digest.enumerated() {
                out[2 * i] = JSONWriter.hexDigits[Int(b >> 4)]
                out[2 * i + 1] = JSONWriter.hexDigits[Int(b & 0x0F)]
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
    ///
    /// libcrypto's SHA-256 fails only when it cannot allocate memory, which Swift itself
    /// treats as fatal; that is the one case this traps in (never on any input).
    public static func bytes(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ compute(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { compute($0) }
    }

    private static func compute(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = digest.withUnsafeMutableBufferPointer { out in
            EVP_Digest(data.baseAddress, data.count, out.baseAddress, &length, method.pointer, nil)
        }
        guard ok == 1, length == 32 else {
            preconditionFailure("libcrypto SHA-256 failed (out of memory)")
        }
        return digest
    }

    /// The SHA-256 method, fetched once (an implicit fetch per call costs more).
    private static let method = FetchedDigest(name: "SHA256")
}

/// An `EVP_MD` fetched from the default provider; immutable and thread-safe once fetched.
private struct FetchedDigest: @unchecked Sendable {
    let pointer: OpaquePointer?

    init(name: String) {
        pointer = EVP_MD_fetch(nil, name, nil) ?? EVP_sha256()
    }
}
