import PolicyCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension LogSink {
    /// The current second's `YYYY-MM-DDTHH:MM:SS.` prefix, formatted once per second.
    private static let secondPrefix = Mutex<(second: Int, prefix: [UInt8])>((-1, []))

    /// Appends now as RFC 3339 UTC with milliseconds and `Z` (`2025-11-25T13:00:00.123Z`) to
    /// `line`, without allocating (the second's prefix is formatted once per second).
    static func appendTimestamp(to line: inout JSONWriter) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = Int(now.tv_sec)
        let secondText = secondPrefix.withLock { cached in
            if cached.second != second {
                cached = (second, prefix(second))
            }
            return cached.prefix
        }
        line.raw(secondText)
        let millis = Int(now.tv_nsec / 1_000_000)
        line.raw(byte: UInt8(48 + millis / 100))
        line.raw(byte: UInt8(48 + millis / 10 % 10))
        line.raw(byte: UInt8(48 + millis % 10))
        line.raw(byte: UInt8(ascii: "Z"))
    }

    private static func prefix(_ second: Int) -> [UInt8] {
        var seconds = time_t(second)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let text = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
        return Array(text.utf8)
    }
}
