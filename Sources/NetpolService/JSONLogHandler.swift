import Logging
import PolicyCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A swift-log handler writing one JSON object per line to a file descriptor (stderr by
/// default): `{"time":"2025-11-25T13:00:00.123Z","level":"info","label":"…","message":"…",<metadata>}`.
/// Metadata values are written as strings (nested values in their swift-log text form);
/// keys `time`, `level`, `label` and `message` of metadata are prefixed with `meta_`.
///
/// Lines go to a ``LogSink``: a bounded buffer drained by its own writer thread, so logging
/// never blocks the caller (an event loop) on a slow or stalled log reader.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let sink: LogSink

    /// A handler for `label` writing to `sink` (shared by every logger of the process).
    public init(label: String, sink: LogSink, level: Logger.Level = .info) {
        self.label = label
        self.sink = sink
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = JSONWriter(reservingCapacity: 256)
        line.raw("{\"time\":\"")
        line.raw(LogSink.timestampBytes())
        line.raw("\"")
        line.raw(",\"level\":")
        line.string(event.level.rawValue)
        line.raw(",\"label\":")
        line.string(label)
        line.raw(",\"message\":")
        line.string(event.message.description)
        var merged = event.metadata ?? [:]
        if !metadata.isEmpty || metadataProvider != nil {
            merged = metadata
            if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
            if let extra = event.metadata { merged.merge(extra) { $1 } }
        }
        for key in merged.keys.sorted() {
            guard let value = merged[key] else { continue }
            line.raw(",")
            let reserved = key == "time" || key == "level" || key == "label" || key == "message"
            line.key(reserved ? "meta_" + key : key)
            line.string(value.description)
        }
        line.raw("}\n")
        sink.write(line.finish(), flush: event.level >= .warning)
    }
}

extension LogSink {
    /// The current second's `YYYY-MM-DDTHH:MM:SS.` prefix, formatted once per second.
    private static let secondPrefix = Mutex<(second: Int, prefix: [UInt8])>((-1, []))

    /// Now as RFC 3339 UTC with milliseconds and `Z` (`2025-11-25T13:00:00.123Z`), as bytes.
    static func timestampBytes() -> [UInt8] {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = Int(now.tv_sec)
        var bytes = secondPrefix.withLock { cached in
            if cached.second != second {
                cached = (second, prefix(second))
            }
            return cached.prefix
        }
        let millis = Int(now.tv_nsec / 1_000_000)
        bytes.reserveCapacity(bytes.count + 4)
        bytes.append(UInt8(48 + millis / 100))
        bytes.append(UInt8(48 + millis / 10 % 10))
        bytes.append(UInt8(48 + millis % 10))
        bytes.append(UInt8(ascii: "Z"))
        return bytes
    }

    /// Now as RFC 3339 UTC with milliseconds and `Z`.
    static func timestamp() -> String {
        String(decoding: timestampBytes(), as: UTF8.self)
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
