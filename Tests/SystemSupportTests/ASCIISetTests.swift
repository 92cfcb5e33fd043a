import SystemSupport
import XCTest

/// Byte classes: exactly their members, on both masks, nothing above ASCII.
final class ASCIISetTests: XCTestCase {
    func testContainsExactlyItsMembers() {
        let cases: [(ASCIISet, String)] = [
            (ASCIISet("0123456789"), "0123456789"),
            (ASCIISet("-+"), "-+"),
            (ASCIISet("\t ~\u{7F}"), "\t ~\u{7F}"),
            (ASCIISet("\u{0}?@_`"), "\u{0}?@_`"),
            (ASCIISet(""), ""),
        ]
        for (set, members) in cases {
            for byte in UInt8.min...UInt8.max {
                XCTAssertEqual(set.contains(byte), members.utf8.contains(byte), "\(members.debugDescription) \(byte)")
            }
        }
    }

    /// A set given as masks has the members whose bits are set: digits are bits 48–57 of the
    /// low mask, lower-case letters bits 33–58 of the high one.
    func testMasksAreMembership() {
        let digitsAndLetters = ASCIISet(low: 0x03FF_0000_0000_0000, high: 0x07FF_FFFE_0000_0000)
        let members = "0123456789abcdefghijklmnopqrstuvwxyz".utf8
        for byte in UInt8.min...UInt8.max {
            XCTAssertEqual(digitsAndLetters.contains(byte), members.contains(byte), "\(byte)")
        }
    }
}
