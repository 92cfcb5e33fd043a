import SystemSupport

/// IMF-fixdate (RFC 9110 §5.6.7) text for `Date`, `Last-Modified` and `Expires` fields, e.g.
/// `Sun, 06 Nov 1994 08:49:37 GMT` (the event loops format the `Date` of each second with it).
public enum HTTPDate {
    /// The IMF-fixdate of `unixSeconds` (proleptic Gregorian calendar, UTC). Years outside
    /// 0...9999 are clamped to that range's ends.
    public static func imfFixdate(_ unixSeconds: Int) -> [UInt8] {
        let limit = 253_402_300_799  // 9999-12-31T23:59:59Z
        let lowest = -62_167_219_200  // 0000-01-01T00:00:00Z
        let (days, secondOfDay) = CivilDate.split(unixSeconds: min(max(unixSeconds, lowest), limit))
        let date = CivilDate(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
        let weekday = ((days % 7) + 11) % 7
        var text = [UInt8]()
        text.reserveCapacity(29)
        text.append(contentsOf: weekdayNames[weekday].utf8)
        text.append(contentsOf: ", ".utf8)
        DecimalText.append(UInt64(date.day), width: 2, to: &text)
        text.append(ASCII.space)
        text.append(contentsOf: monthNames[date.month - 1].utf8)
        text.append(ASCII.space)
        DecimalText.append(UInt64(date.year), width: 4, to: &text)
        text.append(ASCII.space)
        DecimalText.append(UInt64(secondOfDay / 3600), width: 2, to: &text)
        text.append(ASCII.colon)
        DecimalText.append(UInt64(secondOfDay / 60 % 60), width: 2, to: &text)
        text.append(ASCII.colon)
        DecimalText.append(UInt64(secondOfDay % 60), width: 2, to: &text)
        text.append(contentsOf: " GMT".utf8)
        return text
    }

    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
}
