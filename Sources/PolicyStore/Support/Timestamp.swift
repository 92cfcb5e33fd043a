import Glibc

/// Store time: integer milliseconds since the Unix epoch (UTC), rendered as
/// RFC 3339 with milliseconds and `Z` (`2025-01-31T23:59:59.123Z`).
enum Timestamp {
    /// The wall clock now.
    @Sendable static func now() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) &* 1_000 &+ Int64(spec.tv_nsec / 1_000_000)
    }

    private static let millisecondsPerDay: Int64 = 86_400_000

    /// `milliseconds` as RFC 3339 UTC. Total for every value (years outside
    /// 0...9999 print with more digits or a sign rather than trap).
    static func rfc3339(_ milliseconds: Int64) -> String {
        let (quotient, remainder) = milliseconds.quotientAndRemainder(dividingBy: millisecondsPerDay)
        let days = remainder < 0 ? quotient - 1 : quotient
        let msOfDay = remainder < 0 ? remainder + millisecondsPerDay : remainder
        let (year, month, day) = civil(daysSinceEpoch: days)

        var text: [UInt8] = []
        text.reserveCapacity(24)
        if year < 0 { text.append(UInt8(ascii: "-")) }
        append(year.magnitude, width: 4, to: &text)
        text.append(UInt8(ascii: "-"))
        append(UInt64(month), width: 2, to: &text)
        text.append(UInt8(ascii: "-"))
        append(UInt64(day), width: 2, to: &text)
        text.append(UInt8(ascii: "T"))
        append(UInt64(msOfDay / 3_600_000), width: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        append(UInt64(msOfDay / 60_000 % 60), width: 2, to: &text)
        text.append(UInt8(ascii: ":"))
        append(UInt64(msOfDay / 1_000 % 60), width: 2, to: &text)
        text.append(UInt8(ascii: "."))
        append(UInt64(msOfDay % 1_000), width: 3, to: &text)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Proleptic Gregorian date of a day count (H. Hinnant's `civil_from_days`).
    private static func civil(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Appends `value` in decimal, zero-padded to at least `width` digits.
    private static func append(_ value: UInt64, width: Int, to text: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        for _ in digits.count..<max(width, digits.count) { text.append(UInt8(ascii: "0")) }
        text.append(contentsOf: digits.reversed())
    }
}
