import SystemSupport
import XCTest

/// The package's one reading of a hexadecimal digit, against the standard library's.
final class HexDigitTests: XCTestCase {
    func testEveryByte() {
        for byte in UInt8.min...UInt8.max {
            let expected = UInt8(String(Unicode.Scalar(byte)), radix: 16)
            XCTAssertEqual(HexDigit.value(byte), expected, "byte \(byte)")
        }
        XCTAssertEqual(HexDigit.value(UInt8(ascii: "F")), 15)
        XCTAssertEqual(HexDigit.value(UInt8(ascii: "a")), 10)
        XCTAssertNil(HexDigit.value(UInt8(ascii: "g")))
    }

    /// Writing: every value's low four bits, as the standard library writes them in lower case.
    func testLowercaseDigitOfEveryValue() {
        for value in UInt8.min...UInt8.max {
            let expected = String(value & 0x0F, radix: 16, uppercase: false).utf8.first
            XCTAssertEqual(HexDigit.lowercase(value), expected, "value \(value)")
        }
    }
}
