/// RFC 3339 date-times in UTC, for milliseconds since the Unix epoch: the one formatter (with
/// milliseconds and `Z`: `2025-01-31T23:59:59.123Z`) and the one parser of the package.
public enum RFC3339 {
    private static let millisecondsPerDay: Int64 = 86_400_000

    /// `milliseconds` as `YYYY-MM-DDTHH:MM:SS.mmmZ`. Total for every value (years outside
    /// 0...9999 print with more digits or a leading `-` rather than trap).
    public static func string(milliseconds: Int64) -> String {
        let (date, msOfDay) = split(milliseconds)
        guard date.year >= 0, date.year <= 9_999 else {
            return String(decoding: bytes(milliseconds: milliseconds), as: UTF8.self)
        }
        // The 24 bytes written straight into the string's storage: one allocation (a history
        // page formats one per revision), where going through ``bytes(milliseconds:)`` took two.
        return String(unsafeUninitializedCapacity: 24) { text in
            func put(_ value: Int, _ width: Int, at end: Int) {
                var rest = value
                for index in stride(from: end - 1, through: end - width, by: -1) {
                    text[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
            }
            let ms = Int(msOfDay)
            put(date.year, 4, at: 4)
            text[4] = UInt8(ascii: "-")
            put(date.month, 2, at: 7)
            text[7] = UInt8(ascii: "-")
            put(date.day, 2, at: 10)
            text[10] = UInt8(ascii: "T")
            put(ms / 3_600_000, 2, at: 13)
            text[13] = UInt8(ascii: ":")
            put(ms / 60_000 % 60, 2, at: 16)
            text[16] = UInt8(ascii: ":")
            put(ms / 1_000 % 60, 2, at: 19)
            text[19] = UInt8(ascii: ".")
            put(ms % 1_000, 3, at: 23)
            text[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// The day of `milliseconds` and the milliseconds into it.
    private static func split(_ milliseconds: Int64) -> (date: CivilDate, msOfDay: UInt64) {
        let (quotient, remainder) = milliseconds.quotientAndRemainder(dividingBy: millisecondsPerDay)
        let days = remainder < 0 ? quotient - 1 : quotient
        let msOfDay = UInt64(remainder < 0 ? remainder + millisecondsPerDay : remainder)
        return (CivilDate(daysSinceEpoch: Int(days)), msOfDay)
    }

    /// ``string(milliseconds:)`` as UTF-8 bytes.
    public static func bytes(milliseconds: Int64) -> [UInt8] {
        let (date, msOfDay) = split(milliseconds)
        var text: [UInt8] = []
        text.reserveCapacity(24)
        if date.year < 0 { text.append(UInt8(ascii: "-")) }
        DecimalText.append(UInt64(date.year.magnitude), width: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        DecimalText.append(UInt64(date.month), width: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        DecimalText.append(UInt64(date.day), width: 2, to: &text)
        text.append(UInt8(ascii: "T"))
        DecimalText.append(msOfDay / 3_600_000, width: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        DecimalText.append(msOfDay / 60_000 % 60, width: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        DecimalText.append(msOfDay / 1_000 % 60, width: 2, to: &text)
        text.append(UInt8(ascii: "."))
        DecimalText.append(msOfDay % 1_000, width: 3, to: &text)
        text.append(UInt8(ascii: "Z"))
        return text
    }

    /// Parses an RFC 3339 date-time (`2027-06-30T00:00:00Z`, `2026-01-02T03:04:05.678+01:00`)
    /// into milliseconds since the epoch; nil when `text` is not one. Fractions beyond
    /// milliseconds are truncated; `t`, `z` and a space for `T` are accepted as RFC 3339 §5.6
    /// allows; a leap second reads as second 59.
    public static func milliseconds(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<(start + count) {
                let byte = b[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), b[4] == UInt8(ascii: "-"), let month = number(5, 2), b[7] == UInt8(ascii: "-"),
            let day = number(8, 2), [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(b[10]),
            let hour = number(11, 2), b[13] == UInt8(ascii: ":"), let minute = number(14, 2),
            b[16] == UInt8(ascii: ":"), let second = number(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year), hour <= 23,
            minute <= 59, second <= 60
        else { return nil }
        var index = 19
        var millis = 0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 {
                if digits < 3 { millis = millis * 10 + Int(b[index] - 0x30) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        guard index < b.count else { return nil }
        var offsetMinutes = 0
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == b.count, let h = number(index + 1, 2), b[index + 3] == UInt8(ascii: ":"),
                let m = number(index + 4, 2), h <= 23, m <= 59
            else { return nil }
            offsetMinutes = (h * 60 + m) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + min(second, 59) - offsetMinutes * 60
        return Int64(seconds) * 1_000 + Int64(millis)
    }
}
