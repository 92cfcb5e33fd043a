import Synchronization
import SystemSupport

extension LogSink {
    /// The current second's `YYYY-MM-DDTHH:MM:SS.` prefix, formatted once per second.
    private static let secondPrefix = Mutex<(second: Int64, prefix: [UInt8])>((-1, []))

    /// Now as RFC 3339 UTC with milliseconds and `Z` (`2025-11-25T13:00:00.123Z`), as bytes.
    static func timestampBytes() -> [UInt8] {
        let now = WallClock.milliseconds()
        let (second, millis) = now.quotientAndRemainder(dividingBy: 1_000)
        guard millis >= 0 else { return RFC3339.bytes(milliseconds: now) }  // before 1970: not cached
        var bytes = secondPrefix.withLock { cached in
            if cached.second != second {
                // "…SS.000Z" without its last four bytes.
                cached = (second, Array(RFC3339.bytes(milliseconds: second * 1_000).dropLast(4)))
            }
            return cached.prefix
        }
        DecimalText.append(UInt64(millis), width: 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        return bytes
    }
}
