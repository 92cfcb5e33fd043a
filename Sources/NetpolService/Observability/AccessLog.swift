import Glibc
import HTTPServer
import Logging
import PolicyCore

/// One structured `info` line per answered request: `requestId`, `method`, `path` (without
/// the query), `route` (the matched pattern), `status`, `bytes`, `durationMs` and, for an
/// authenticated caller, `identity` (the token's name, or `user (via token)`).
/// Request bodies and headers are never logged (they may carry credentials).
enum AccessLog {
    /// The middleware. With a `sink` (the process's JSON log destination) the line is written
    /// to it directly, in ``JSONLogHandler``'s format with label `label`, skipping swift-log's
    /// per-call metadata dictionaries (the access log is on every request's path); without
    /// one it goes through `logger`.
    static func middleware(_ logger: Logger, sink: LogSink?) -> Middleware {
        let label = logger.label
        return { request, context, next in
            let method = request.method.rawValue
            let path = request.path
            let requestID = context.requestID
            let identity = context.identity
            let start = context.startNanoseconds
            return next(request, context).map { response in
                let micros = Int((monotonicNanoseconds() &- start) / 1000)
                let duration = milliseconds(micros)
                if let sink {
                    sink.write(
                        line(
                            label: label, requestID: requestID, method: method, path: path, route: context.route,
                            status: response.status.code, bytes: response.body.count, duration: duration,
                            identity: identity),
                        flush: false)
                } else {
                    var metadata: Logger.Metadata = [
                        "requestId": .string(requestID), "method": .string(method), "path": .string(path),
                        "route": .string(context.route ?? "-"), "status": .stringConvertible(response.status.code),
                        "bytes": .stringConvertible(response.body.count), "durationMs": .string(duration),
                    ]
                    if let identity { metadata["identity"] = .string(identity) }
                    logger.info("request", metadata: metadata)
                }
                return response
            }
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
