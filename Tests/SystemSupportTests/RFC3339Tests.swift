import SystemSupport
import XCTest

/// The package's one RFC 3339 formatter and parser, and the calendar under them.
final class RFC3339Tests: XCTestCase {
    func testFormatsUTCWithMilliseconds() {
        let cases: [(Int64, String)] = [
            (0, "1970-01-01T00:00:00.000Z"),
            (1, "1970-01-01T00:00:00.001Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (1_767_225_599_999, "2025-12-31T23:59:59.999Z"),
            (1_709_251_199_123, "2024-02-29T23:59:59.123Z"),
            (4_107_542_400_000, "2100-03-01T00:00:00.000Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
            (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
        ]
        for (milliseconds, expected) in cases {
            XCTAssertEqual(RFC3339.string(milliseconds: milliseconds), expected, "\(milliseconds)")
            XCTAssertEqual(RFC3339.bytes(milliseconds: milliseconds), Array(expected.utf8), "\(milliseconds)")
        }
        // Total on extreme values: no trap, still ends in Z.
        XCTAssertTrue(RFC3339.string(milliseconds: .max).hasSuffix("Z"))
        XCTAssertTrue(RFC3339.string(milliseconds: .min).hasPrefix("-"))
    }

    func testParses() {
        XCTAssertEqual(RFC3339.milliseconds("1970-01-01T00:00:00Z"), 0)
        XCTAssertEqual(RFC3339.milliseconds("1970-01-01T00:00:00.5Z"), 500)
        XCTAssertEqual(RFC3339.milliseconds("1970-01-01T01:00:00.123456+01:00"), 123)
        XCTAssertEqual(RFC3339.milliseconds("1969-12-31t19:00:00-05:00"), 0)
        XCTAssertEqual(RFC3339.milliseconds("2024-02-29 12:00:00z"), 1_709_208_000_000)
        XCTAssertEqual(RFC3339.milliseconds("2016-12-31T23:59:60Z"), RFC3339.milliseconds("2016-12-31T23:59:59Z"))
        for bad in [
            "2023-02-29T00:00:00Z", "2024-01-01", "2024-01-01T00:00:00", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00Zjunk", "2024-01-01T24:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T00:00:00+1:00",
        ] {
            XCTAssertNil(RFC3339.milliseconds(bad), bad)
        }
    }

    /// What the formatter writes, the parser reads back, across leap years and centuries.
    func testParsingWhatIsFormattedGivesTheSameInstant() {
        var milliseconds: Int64 = -62_167_219_200_000  // 0000-01-01
        while milliseconds < 253_402_300_799_999 {
            XCTAssertEqual(RFC3339.milliseconds(RFC3339.string(milliseconds: milliseconds)), milliseconds)
            milliseconds += 86_400_000 * 997 + 3_723_456  // 997 days, 1 h 2 min 3.456 s
        }
    }

    func testCivilDatesRoundTripAndKnowMonthLengths() {
        for days in stride(from: -800_000, through: 3_000_000, by: 61) {
            let date = CivilDate(daysSinceEpoch: days)
            XCTAssertEqual(date.daysSinceEpoch, days)
            XCTAssertTrue((1...CivilDate.daysIn(month: date.month, year: date.year)).contains(date.day), "\(date)")
        }
        for (days, year, month, day) in [(0, 1970, 1, 1), (11_016, 2000, 2, 29), (-719_528, 0, 1, 1)] {
            let date = CivilDate(daysSinceEpoch: days)
            XCTAssertTrue((date.year, date.month, date.day) == (year, month, day), "\(days): \(date)")
        }
        XCTAssertEqual(CivilDate.daysIn(month: 2, year: 1900), 28)
        XCTAssertEqual(CivilDate.daysIn(month: 2, year: 2000), 29)
        XCTAssertTrue(CivilDate.split(unixSeconds: -1) == (-1, 86_399))
        XCTAssertTrue(CivilDate.split(unixSeconds: 86_400) == (1, 0))
    }

    func testDecimalTextPadsToAtLeastTheWidth() {
        for (value, width, expected) in [(UInt64(7), 2, "07"), (0, 3, "000"), (12_345, 2, "12345"), (.max, 1, "18446744073709551615")] {
            var text = Array("x".utf8)
            DecimalText.append(value, width: width, to: &text)
            XCTAssertEqual(String(decoding: text, as: UTF8.self), "x" + expected)
        }
    }

    func testWallClockIsCurrent() {
        // 2025-01-01 < now < 2100-01-01
        XCTAssertGreaterThan(WallClock.milliseconds(), 1_735_689_600_000)
        XCTAssertLessThan(WallClock.milliseconds(), 4_102_444_800_000)
    }
}
