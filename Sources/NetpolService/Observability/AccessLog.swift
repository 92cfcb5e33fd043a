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
    /// The logger's label as a JSON string, encoded once.
    private let quotedLabel: [UInt8]

    init(logger: Logger, sink: LogSink?) {
        self.logger = logger
        self.sink = sink
        quotedLabel = JSONWriter.quoted(logger.label)
    }

    /// Logs the answered request; `now` is the `MonotonicClock` time it was answered.
    func record(_ request: HTTPRequest, _ context: RequestContext, _ response: HTTPResponse, now: UInt64) {
        let duration = now &- context.startNanoseconds
        if let sink {
            // Straight from the request and its context: an `AccessLogEntry` would retain (and
            // then release) each of its strings on every request.
            let line = Self.line(
                quotedLabel: quotedLabel, requestID: context.requestID, method: request.method, path: request.path,
                route: context.route, identity: context.identity, status: response.status.code,
                bytes: response.body.count, durationNanoseconds: duration)
            sink.write(line, flush: false)
        } else {
            let entry = AccessLogEntry(
                requestID: context.requestID, method: request.method, path: request.path, route: context.route,
                identity: context.identity, status: response.status.code, bytes: response.body.count,
                durationNanoseconds: duration)
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

    /// The access line, member for member what ``JSONLogHandler`` writes for the same event.
    static func line(label: String, _ entry: AccessLogEntry) -> [UInt8] {
        line(
            quotedLabel: JSONWriter.quoted(label), requestID: entry.requestID, method: entry.method, path: entry.path,
            route: entry.route, identity: entry.identity, status: entry.status, bytes: entry.bytes,
            durationNanoseconds: entry.durationNanoseconds)
    }

    /// The access line of an ``AccessLogEntry``'s members, with the label already encoded as a
    /// JSON string; no String is built.
    private static func line(
        quotedLabel: [UInt8], requestID: String, method: HTTPMethod, path: String, route: String?,
        identity: String?, status: Int, bytes: Int, durationNanoseconds: UInt64
    ) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 256 + path.utf8.count)
        w.raw("{\"time\":\"")
        LogSink.appendTimestamp(to: &w)
        w.raw("\",\"level\":\"info\",\"label\":")
        w.raw(quotedLabel)
        w.raw(",\"message\":\"request\",\"bytes\":\"")
        w.int(bytes)
        w.raw("\",\"durationMs\":\"")
        // As `AccessLogEntry.durationMilliseconds`: three decimals, truncated to the microsecond.
        let micros = durationNanoseconds / 1000
        w.int(Int(micros / 1000))
        let fraction = Int(micros % 1000)
        w.raw(byte: UInt8(ascii: "."))
        w.raw(byte: UInt8(48 + fraction / 100))
        w.raw(byte: UInt8(48 + fraction / 10 % 10))
        w.raw(byte: UInt8(48 + fraction % 10))
        w.raw("\"")
        if let identity {
            w.raw(",\"identity\":")
            w.string(identity)
        }
        w.raw(",\"method\":")
        w.string(method.rawValue)
        w.raw(",\"path\":")
        w.string(path)
        w.raw(",\"requestId\":")
        w.string(requestID)
        w.raw(",\"route\":")
        w.string(route ?? "-")
        w.raw(",\"status\":\"")
        w.int(status)
        w.raw("\"}\n")
        return w.finish()
    }
}
