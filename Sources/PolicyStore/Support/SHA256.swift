import COpenSSL

/// SHA-256 through the system libcrypto.
///
/// Private stand-in until PolicyCore exposes `SHA256Digest.hex(_:)`.
enum SHA256 {
    /// The 32-byte digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest only fails when libcrypto cannot allocate; an all-zero
        // digest then makes checksums mismatch loudly instead of trapping.
        return ok == 1 ? output : [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
    }

    /// The lowercase hexadecimal digest of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String { hexString(digest(bytes)) }

    /// `bytes` as lowercase hexadecimal.
    static func hexString(_ bytes: some Sequence<UInt8>) -> String {
        let alphabet = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(alphabet[Int(byte >> 4)])
            text.append(alphabet[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
