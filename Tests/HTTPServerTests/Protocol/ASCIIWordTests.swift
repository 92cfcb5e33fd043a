import XCTest

@testable import HTTPServer

/// The word-at-a-time byte classes of `ASCII` agree with the byte-by-byte definitions.
final class ASCIIWordTests: XCTestCase {
    private func isLetterOrHyphen(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-")
    }

    func testLeadingLetterOrHyphenCountStopsAtTheFirstOtherByte() {
        for byte in UInt8.min...UInt8.max {
            for position in 0..<8 {
                var word = Array("aZ-bYc-X".utf8)
                word[position] = byte
                let counted = word.withUnsafeBufferPointer { ASCII.leadingLetterOrHyphenCount($0.baseAddress!) }
                XCTAssertEqual(counted, isLetterOrHyphen(byte) ? 8 : position, "byte \(byte) at \(position)")
            }
        }
    }

    func testLeadingLetterOrHyphenCountCountsOnlyUpToTheFirstOfTwoOtherBytes() {
        let bytes = Array("aAzZ-@[`{/0:\r\t ~\u{7F}".utf8) + [0x80, 0xC1, 0xDA, 0xE1, 0xFA, 0xAD]
        for first in bytes {
            for second in bytes {
                for firstPosition in 0..<8 {
                    for secondPosition in (firstPosition + 1)..<8 {
                        var word = Array("-qRsT-uV".utf8)
                        word[firstPosition] = first
                        word[secondPosition] = second
                        let expected = word.firstIndex { !isLetterOrHyphen($0) } ?? 8
                        let counted = word.withUnsafeBufferPointer { ASCII.leadingLetterOrHyphenCount($0.baseAddress!) }
                        XCTAssertEqual(counted, expected, "\(word)")
                    }
                }
            }
        }
    }
}
