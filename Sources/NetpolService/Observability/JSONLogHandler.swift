import Logging
import PolicyCore

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
        LogLineBuffer.withCurrent { buffer in
            buffer.line.raw("{\"time\":\"")
            buffer.appendTimestamp()
            buffer.line.raw("\"")
            buffer.line.raw(",\"level\":")
            buffer.line.string(event.level.rawValue)
            buffer.line.raw(",\"label\":")
            buffer.line.string(label)
            buffer.line.raw(",\"message\":")
            buffer.line.string(event.message.description)
            var merged = event.metadata ?? [:]
            if !metadata.isEmpty || metadataProvider != nil {
                merged = metadata
                if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
                if let extra = event.metadata { merged.merge(extra) { $1 } }
            }
            for key in merged.keys.sorted() {
                guard let value = merged[key] else { continue }
                buffer.line.raw(",")
                let reserved = key == "time" || key == "level" || key == "label" || key == "message"
                buffer.line.key(reserved ? "meta_" + key : key)
                buffer.line.string(value.description)
            }
            buffer.line.raw("}\n")
            buffer.line.withBytes { sink.write($0, flush: event.level >= .warning) }
        }
    }
}
