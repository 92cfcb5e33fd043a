#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// IMF-fixdate (RFC 9110 §5.6.7) text for `Date`, `Last-Modified` and `Expires` fields, e.g.
/// `Sun, 06 Nov 1994 08:49:37 GMT` (the event loops format the `Date` of each second with it).
public enum HTTPDate {
    /// The IMF-fixdate of `unixSeconds` (proleptic Gregorian calendar, UTC). Years outside
    /// 0...9999 are clamped to that range's ends.
    public static func imfFixdate(_ unixSeconds: Int) -> [UInt8] {
        let limit = 253_402_300_799  // 9999-12-31T23:59:59Z
        let lowest = -62_167_219_200  // 0000-01-01T00:00:00Z
        let seconds = min(max(unixSeconds, lowest), limit)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
        let weekday = ((days % 7) + 11) % 7
        var text = [UInt8]()
        text.reserveCapacity(29)
        text.append(contentsOf: weekdayNames[weekday].utf8)
        text.append(contentsOf: ", ".utf8)
        appendDigits(day, width: 2, to: &text)
        text.append(ASCII.space)
        text.append(contentsOf: monthNames[month - 1].utf8)
        text.append(ASCII.space)
        appendDigits(year, width: 4, to: &text)
        text.append(ASCII.space)
        appendDigits(secondOfDay / 3600, width: 2, to: &text)
        text.append(ASCII.colon)
        appendDigits(secondOfDay / 60 % 60, width: 2, to: &text)
        text.append(ASCII.colon)
        appendDigits(secondOfDay % 60, width: 2, to: &text)
        text.append(contentsOf: " GMT".utf8)
        return text
    }

    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// Howard Hinnant's `civil_from_days`.
    private static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func appendDigits(_ value: Int, width: Int, to text: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            text.append(UInt8(truncatingIfNeeded: value / divisor % 10) &+ 0x30)
            divisor /= 10
        }
    }
}
