import SystemSupport
import XCTest

@testable import NetpolService

/// The per-thread line buffer: its cached timestamp prefix, and nested use.
final class LogLineBufferTests: XCTestCase {
    /// Within a second, into the next one, back to an earlier one, before 1970 (not cached)
    /// and past year 9999: always what `RFC3339` formats.
    func testTimestampsMatchTheFormatterAcrossSeconds() {
        var buffer = LogLineBuffer()
        let instants: [Int64] = [
            1_764_075_600_123, 1_764_075_600_999, 1_764_075_601_000, 1_764_075_599_001, 1_764_075_601_500, 0, 999,
            -1, -1_500, -1_000, 1_000, 253_402_300_799_999, 253_402_300_800_000, 253_402_300_800_001,
        ]
        for milliseconds in instants {
            buffer.line.removeAll()
            buffer.appendTimestamp(milliseconds: milliseconds)
            XCTAssertEqual(
                buffer.line.withBytes { String(decoding: $0, as: UTF8.self) }, RFC3339.string(milliseconds: milliseconds),
                "\(milliseconds)")
        }
    }

    func testANestedLineGetsABufferOfItsOwn() {
        let outer = LogLineBuffer.withCurrent { outer -> [UInt8] in
            outer.line.raw("outer")
            let inner = LogLineBuffer.withCurrent { inner -> [UInt8] in
                inner.line.raw("inner")
                return inner.line.bytes
            }
            XCTAssertEqual(inner, Array("inner".utf8))
            outer.line.raw("!")
            return outer.line.bytes
        }
        XCTAssertEqual(outer, Array("outer!".utf8))
        XCTAssertEqual(LogLineBuffer.withCurrent { $0.line.count }, 0, "the thread's buffer is handed out empty")
    }
}
