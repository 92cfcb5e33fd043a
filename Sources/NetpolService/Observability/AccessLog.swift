import Glibc
import HTTPServer
import Logging
import PolicyCore

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

    /// Logs the answered request; `now` is the monotonic time it was answered.
    func record(_ request: HTTPRequest, _ context: RequestContext, _ response: HTTPResponse, now: UInt64) {
        let duration = Self.milliseconds(Int((now &- context.startNanoseconds) / 1000))
        if let sink {
            sink.write(
                Self.line(
                    label: logger.label, requestID: context.requestID, method: request.method.rawValue,
                    path: request.path, route: context.route, status: response.status.code, bytes: response.body.count,
                    duration: duration, identity: context.identity),
                flush: false)
        } else {
            var metadata: Logger.Metadata = [
                "requestId": .string(context.requestID), "method": .string(request.method.rawValue),
                "path": .string(request.path), "route": .string(context.route ?? "-"),
                "status": .stringConvertible(response.status.code), "bytes": .stringConvertible(response.body.count),
                "durationMs": .string(duration),
            ]
            if let identity = context.identity { metadata["identity"] = .string(identity) }
            logger.info("request", metadata: metadata)
        }
    }

    /// The access line, member for member what ``JSONLogHandler`` writes for the same event.
    static func line(
        label: String, requestID: String, method: String, path: String, route: String?, status: Int, bytes: Int,
        duration: String, identity: String? = nil
    ) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 256 + path.utf8.count)
        w.raw("{\"time\":\"")
        w.raw(LogSink.timestampBytes())
        w.raw("\",\"level\":\"info\",\"label\":")
        w.string(label)
        w.raw(",\"message\":\"request\",\"bytes\":\"")
        w.int(bytes)
        w.raw("\",\"durationMs\":\"")
        w.raw(Array(duration.utf8))
        w.raw("\"")
        if let identity {
            w.raw(",\"identity\":")
            w.string(identity)
        }
        w.raw(",\"method\":")
        w.string(method)
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

    /// Microseconds as milliseconds with three decimals (`0.412`).
    static func milliseconds(_ micros: Int) -> String {
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// The same clock as `RequestContext.startNanoseconds` (CLOCK_MONOTONIC).
    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(truncatingIfNeeded: spec.tv_sec) &* 1_000_000_000 &+ UInt64(truncatingIfNeeded: spec.tv_nsec)
    }
}
