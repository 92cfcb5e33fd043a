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
}
