import Glibc
import HTTPServer
import Logging

/// One structured `info` line per answered request: `requestId`, `method`, `path` (without
/// the query), `route` (the matched pattern), `status`, `bytes` and `durationMs`.
/// Request bodies and headers are never logged (they may carry credentials).
enum AccessLog {
    static func middleware(_ logger: Logger) -> Middleware {
        { request, context, next in
            let method = request.method.rawValue
            let path = request.path
            let requestID = context.requestID
            let start = context.startNanoseconds
            return next(request, context).map { response in
                let elapsed = Double(monotonicNanoseconds() &- start) / 1e6
                logger.info(
                    "request",
                    metadata: [
                        "requestId": .string(requestID), "method": .string(method), "path": .string(path),
                        "route": .string(context.route ?? "-"), "status": .stringConvertible(response.status.code),
                        "bytes": .stringConvertible(response.body.count),
                        "durationMs": .string(String(format: elapsed)),
                    ])
                return response
            }
        }
    }

    /// The same clock as `RequestContext.startNanoseconds` (CLOCK_MONOTONIC).
    static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(truncatingIfNeeded: spec.tv_sec) &* 1_000_000_000 &+ UInt64(truncatingIfNeeded: spec.tv_nsec)
    }
}

extension String {
    /// Milliseconds with three decimals (`0.412`).
    fileprivate init(format milliseconds: Double) {
        let micros = Int((milliseconds * 1000).rounded())
        let fraction = String(micros % 1000)
        self = "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
