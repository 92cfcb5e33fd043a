import SystemSupport

/// Store time: integer milliseconds since the Unix epoch (UTC), rendered as
/// RFC 3339 with milliseconds and `Z` (`2025-01-31T23:59:59.123Z`).
enum Timestamp {
    /// The wall clock now (``WallClock/milliseconds()``).
    @Sendable static func now() -> Int64 { WallClock.milliseconds() }

    /// `milliseconds` as RFC 3339 UTC (``RFC3339/string(milliseconds:)``).
    static func rfc3339(_ milliseconds: Int64) -> String { RFC3339.string(milliseconds: milliseconds) }
}
