import XCTest

@testable import PolicyCore

/// SHA-256 through libcrypto, checked against the FIPS 180-2 test vectors.
final class SHA256DigestTests: XCTestCase {
    func testKnownVectors() {
        let cases: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
        ]
        for (input, hex) in cases {
            XCTAssertEqual(SHA256Digest.hex(Array(input.utf8)), hex)
            XCTAssertEqual(SHA256Digest.hex(input.utf8), hex)  // non-array collection
            XCTAssertEqual(SHA256Digest.prefixedHex(Array(input.utf8)), "sha256:" + hex)
            XCTAssertEqual(SHA256Digest.bytes(Array(input.utf8)).count, 32)
        }
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        XCTAssertEqual(SHA256Digest.hex(million), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        XCTAssertEqual(SHA256Digest.hex(million[1...]), SHA256Digest.hex(Array(million[1...])))
    }
}
