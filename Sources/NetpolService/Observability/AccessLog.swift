import HTTPServer
import Logging
import PolicyCore
import SystemSupport

/// One structured `info` line per answered request: `requestId`, `method`, `path` (without
/// the query), `route` (the matched pattern), `status`, `bytes`, `durationMs` and, for an
/// authenticated caller, `identity` (the token's name, or `user (via token)`).
/// Request bodies and headers are never logged (they may carry credentials).
struct AccessLog: Sendable {
    let logger: Logger
    /// The process's JSON log destination: lines are written to it directly, in
    /// ``JSONLogHandler``'s format with the logger's label, skipping swift-log's per-call
    /// metadata dictionaries (the access log is on every request's path); nil: through `logger`.
    let sink: LogSink?
    /// What every line has between its time and its `bytes` value (the label among it), encoded once.
    private let afterTime: [UInt8]

    init(logger: Logger, sink: LogSink?) {
        self.logger = logger
        self.sink = sink
        afterTime = Self.afterTime(label: logger.label)
    }

    /// The members between `time` and `bytes`' value, for lines of `label`.
    private static func afterTime(label: String) -> [UInt8] {
        var text = JSONWriter(reservingCapacity: 64 + label.utf8.count)
        text.raw("\",\"level\":\"info\",\"label\":")
        text.string(label)
        text.raw(",\"message\":\"request\",\"bytes\":\"")
        return text.finish()
    }

    /// A route's label as the access line writes it (a JSON string), encoded once, when the
    /// route's handler is registered.
    struct Route: Sendable {
        fileprivate let quoted: [UInt8]
    }

    /// `pattern` as the access line writes it.
    func route(_ pattern: String) -> Route {
        Route(quoted: JSONWriter.quoted(pattern))
    }

    /// Logs `answered` (its route as encoded at registration when it has an observation).
    func record(_ answered: AnsweredRequest) {
        if sink != nil {
            // Straight from the answered request: an `AccessLogEntry` would retain (and then
            // release) each of its strings. Formatted in the thread's buffer, copied into the
            // sink's (borrowed from `self`, not bound: no retain).
            LogLineBuffer.withCurrent { buffer in
                Self.format(
                    into: &buffer, afterTime: afterTime, requestID: answered.context.requestID, method: answered.method,
                    path: answered.path, route: answered.context.route, encodedRoute: answered.observation?.loggedRoute,
                    identity: answered.context.identity, status: answered.status, bytes: answered.bytes,
                    durationNanoseconds: answered.durationNanoseconds)
                buffer.line.withBytes { sink.unsafelyUnwrapped.write($0, flush: false) }
            }
        } else {
            let entry = AccessLogEntry(
                requestID: answered.context.requestID, method: answered.method, path: answered.path,
                route: answered.context.route, identity: answered.context.identity, status: answered.status, bytes: answered.bytes,
                durationNanoseconds: answered.durationNanoseconds)
            var metadata: Logger.Metadata = [
                "requestId": .string(entry.requestID), "method": .string(entry.method.rawValue),
                "path": .string(entry.path), "route": .string(entry.route ?? "-"),
                "status": .stringConvertible(entry.status), "bytes": .stringConvertible(entry.bytes),
                "durationMs": .string(entry.durationMilliseconds),
            ]
            if let identity = entry.identity { metadata["identity"] = .string(identity) }
            logger.info("request", metadata: metadata)
        }
    }

    /// The access line, member for member what ``JSONLogHandler`` writes for the same event,
    /// with the time `milliseconds` since the epoch (default: now).
    static func line(label: String, _ entry: AccessLogEntry, milliseconds: Int64 = WallClock.milliseconds()) -> [UInt8] {
        var buffer = LogLineBuffer()
        format(
            into: &buffer, afterTime: Self.afterTime(label: label), requestID: entry.requestID, method: entry.method,
            path: entry.path, route: entry.route, encodedRoute: nil, identity: entry.identity, status: entry.status,
            bytes: entry.bytes,
            durationNanoseconds: entry.durationNanoseconds, milliseconds: milliseconds)
        return buffer.line.bytes
    }

    /// Appends the access line of an ``AccessLogEntry``'s members to `buffer`'s line, with the
    /// members up to `bytes` already encoded, `route` too when `encodedRoute` is given, and the
    /// time `milliseconds` since the epoch (default: now); no String is built.
    private static func format(
        into buffer: inout LogLineBuffer, afterTime: [UInt8], requestID: String, method: HTTPMethod, path: String,
        route: String?, encodedRoute: Route?, identity: String?, status: Int, bytes: Int, durationNanoseconds: UInt64,
        milliseconds: Int64 = WallClock.milliseconds()
    ) {
        buffer.line.raw("{\"time\":\"")
        buffer.appendTimestamp(milliseconds: milliseconds)
        buffer.line.raw(afterTime)
        buffer.line.int(bytes)
        buffer.line.raw("\",\"durationMs\":\"")
        // As `AccessLogEntry.durationMilliseconds`: three decimals, truncated to the microsecond.
        let micros = durationNanoseconds / 1000
        buffer.line.int(Int(micros / 1000))
        let fraction = Int(micros % 1000)
        buffer.line.raw(byte: UInt8(ascii: "."))
        buffer.line.raw(byte: UInt8(48 + fraction / 100))
        buffer.line.raw(byte: UInt8(48 + fraction / 10 % 10))
        buffer.line.raw(byte: UInt8(48 + fraction % 10))
        if let identity {
            buffer.line.raw("\",\"identity\":")
            buffer.line.string(identity)
            buffer.line.raw(",\"method\":")
        } else {
            buffer.line.raw("\",\"method\":")
        }
        buffer.line.string(method.rawValue)
        buffer.line.raw(",\"path\":")
        buffer.line.string(path)
        buffer.line.raw(",\"requestId\":")
        buffer.line.string(requestID)
        buffer.line.raw(",\"route\":")
        if let encodedRoute {
            buffer.line.raw(encodedRoute.quoted)
        } else {
            buffer.line.string(route ?? "-")
        }
        buffer.line.raw(",\"status\":\"")
        buffer.line.int(status)
        buffer.line.raw("\"}\n")
    }
}
