import XCTest

import NetpolService

/// Token and user names (api.md, docs/limits.md): 1–128 characters of `A-Z a-z 0-9 . _ @ : + -`.
final class PrincipalNameTests: XCTestCase {
    func testEveryASCIICharacterAlone() {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@:+-".unicodeScalars)
        for value in UInt32(0)...0x7F {
            let scalar = Unicode.Scalar(value)!
            XCTAssertEqual(PrincipalName.isValid(String(scalar)), allowed.contains(scalar), "U+\(value)")
        }
        XCTAssertFalse(PrincipalName.isValid("é"))
        XCTAssertFalse(PrincipalName.isValid("alice bob"))
        XCTAssertTrue(PrincipalName.isValid("alice@example.com"))
        XCTAssertTrue(PrincipalName.isValid("ci:deploy+1"))
    }

    func testLength() {
        XCTAssertFalse(PrincipalName.isValid(""))
        XCTAssertTrue(PrincipalName.isValid(String(repeating: "a", count: 128)))
        XCTAssertFalse(PrincipalName.isValid(String(repeating: "a", count: 129)))
    }
}
