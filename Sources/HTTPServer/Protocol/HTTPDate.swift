/// IMF-fixdate (RFC 9110 §5.6.7) text for `Date` headers.
public enum HTTPDate {
    /// `Sun, 06 Nov 1994 08:49:37 GMT` for the given Unix time.
    public static func imfFixdate(_ unixSeconds: Int) -> [UInt8] {
        []
    }

    /// The IMF-fixdate of the current second, cached: thread-safe and cheap per request.
    public static func current() -> [UInt8] {
        []
    }
}
