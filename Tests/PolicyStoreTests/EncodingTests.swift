import XCTest

@testable import PolicyStore

/// Base64url, cursors and entity tags of the store.
final class EncodingTests: XCTestCase {
    func testBase64URLMatchesRFC4648Vectors() {
        let vectors = [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            XCTAssertEqual(Base64URL.encode(Array(plain.utf8)), encoded)
            XCTAssertEqual(Base64URL.decode(encoded), Array(plain.utf8))
        }
        XCTAssertEqual(Base64URL.encode([0xFB, 0xFF, 0xBF]), "-_-_")
        XCTAssertEqual(Base64URL.decode("-_-_"), [0xFB, 0xFF, 0xBF])
    }

    func testBase64URLRejectsNonCanonicalText() {
        for bad in ["Zg==", "Z", "Zm9v!", "Zm+v", "Zm/v", "Zh", "Zm9", "Zm 9v", "é"] {
            XCTAssertNil(Base64URL.decode(bad), bad)
        }
        XCTAssertNotNil(Base64URL.decode("Zm8"))
    }

    func testCursorsRoundTrip() throws {
        let cursors: [PageCursor] = [
            .revisions(before: 1), .revisions(before: 1_000_000), .revisions(before: .max),
            .stacks(namespace: "openshift-logging", name: "lokistack-dev"),
            .stacks(namespace: "", name: ""), .stacks(namespace: "ünï", name: "cødé"),
        ]
        for cursor in cursors {
            XCTAssertEqual(try PageCursor(token: cursor.token), cursor)
            XCTAssertFalse(cursor.token.contains { "+/=".contains($0) }, cursor.token)
        }
    }

    func testCursorsRejectForeignTokens() {
        let valid = PageCursor.revisions(before: 5).token
        let invalidUTF8 = Base64URL.encode([1, UInt8(ascii: "s"), 0, 1, 0xFF, 0x61])
        let cases = [
            Base64URL.encode([2, UInt8(ascii: "r"), 0, 0, 0, 0, 0, 0, 0, 5]),  // unknown version
            Base64URL.encode([1, UInt8(ascii: "x"), 0, 0, 0, 0, 0, 0, 0, 5]),  // unknown kind
            Base64URL.encode([1, UInt8(ascii: "r"), 0, 0, 0, 5]),  // short number
            Base64URL.encode([1, UInt8(ascii: "r"), 0, 0, 0, 0, 0, 0, 0, 0]),  // revision 0
            Base64URL.encode([1, UInt8(ascii: "r"), 0x80, 0, 0, 0, 0, 0, 0, 1]),  // beyond Int.max
            Base64URL.encode([1, UInt8(ascii: "s"), 0]),  // truncated length
            Base64URL.encode([1, UInt8(ascii: "s"), 0, 9, 0x61]),  // namespace longer than payload
            invalidUTF8, Base64URL.encode([1]), "", String(valid.dropLast()) + "*",
        ]
        for token in cases {
            XCTAssertThrowsError(try PageCursor(token: token), token) { error in
                XCTAssertEqual(error as? StoreError, .badCursor)
            }
        }
    }

    func testStackETagChangesWithEveryField() {
        let base = StackETag.make(
            namespace: "n", name: "s", generation: 1, revision: 1, digest: "d", createdAt: 0, inputs: [1])
        let variants = [
            StackETag.make(namespace: "m", name: "s", generation: 1, revision: 1, digest: "d", createdAt: 0, inputs: [1]),
            StackETag.make(namespace: "n", name: "t", generation: 1, revision: 1, digest: "d", createdAt: 0, inputs: [1]),
            StackETag.make(namespace: "n", name: "s", generation: 2, revision: 1, digest: "d", createdAt: 0, inputs: [1]),
            StackETag.make(namespace: "n", name: "s", generation: 1, revision: 2, digest: "d", createdAt: 0, inputs: [1]),
            StackETag.make(namespace: "n", name: "s", generation: 1, revision: 1, digest: "e", createdAt: 0, inputs: [1]),
            StackETag.make(namespace: "n", name: "s", generation: 1, revision: 1, digest: "d", createdAt: 1, inputs: [1]),
            StackETag.make(namespace: "n", name: "s", generation: 1, revision: 1, digest: "d", createdAt: 0, inputs: [2]),
            // Field boundaries are unambiguous.
            StackETag.make(namespace: "ns", name: "", generation: 1, revision: 1, digest: "d", createdAt: 0, inputs: [1]),
        ]
        XCTAssertEqual(Set(variants + [base]).count, variants.count + 1)
        XCTAssertEqual(
            base, StackETag.make(namespace: "n", name: "s", generation: 1, revision: 1, digest: "d", createdAt: 0, inputs: [1]))
        XCTAssertEqual(base.count, 34)
        XCTAssertTrue(base.hasPrefix("\"") && base.hasSuffix("\""))
    }
}
