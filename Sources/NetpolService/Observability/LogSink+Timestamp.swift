import PolicyCore
import Synchronization
import SystemSupport

extension LogSink {
    /// The current second's `YYYY-MM-DDTHH:MM:SS.` prefix, formatted once per second.
    private static let secondPrefix = Mutex<(second: Int64, prefix: [UInt8])>((-1, []))

    /// Appends now as RFC 3339 UTC with milliseconds and `Z` (`2025-11-25T13:00:00.123Z`) to
    /// `line`, without allocating (the second's prefix is formatted once per second).
    static func appendTimestamp(to line: inout JSONWriter) {
        let now = WallClock.milliseconds()
        let (second, millis) = now.quotientAndRemainder(dividingBy: 1_000)
        guard millis >= 0 else {  // before 1970: not cached
            line.raw(RFC3339.bytes(milliseconds: now))
            return
        }
        let secondText = secondPrefix.withLock { cached in
            if cached.second != second {
                // "…SS.000Z" without its last four bytes.
                cached = (second, Array(RFC3339.bytes(milliseconds: second * 1_000).dropLast(4)))
            }
            return cached.prefix
        }
        line.raw(secondText)
        line.raw(byte: UInt8(48 + millis / 100))
        line.raw(byte: UInt8(48 + millis / 10 % 10))
        line.raw(byte: UInt8(48 + millis % 10))
        line.raw(byte: UInt8(ascii: "Z"))
    }
}
