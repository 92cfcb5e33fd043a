import CLinuxIO
import Glibc

/// Everything an `HTTPServer` needs besides its router and logger.
public struct HTTPServerConfiguration: Sendable {
    /// Address to listen on: an IPv4/IPv6 literal or a host name (`0.0.0.0` / `::` for all).
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks an ephemeral port (`HTTPServer.start()` returns it).
    public var port: Int = 8080
    /// Number of event-loop threads; defaults to the CPUs this process may run on.
    public var eventLoops: Int = HTTPServerConfiguration.activeProcessorCount()
    /// Parser limits (URI, header section, body sizes).
    public var limits: HTTPParserLimits = HTTPParserLimits()
    /// Time allowed for a whole request head, counted from its first byte (slowloris cut-off).
    public var headerReadTimeout: Duration = .seconds(10)
    /// Time allowed for a whole request body, counted from the end of its head.
    public var bodyReadTimeout: Duration = .seconds(30)
    /// How long an idle keep-alive connection (or one whose client stops reading) is kept.
    public var idleTimeout: Duration = .seconds(60)
    /// Time allowed to send one response, counted from when it is next in line to be sent
    /// (ready, and the responses before it sent). Progress does not extend it: a client that
    /// reads a byte now and then cannot keep a connection and its output buffer forever. Past
    /// it the connection is closed. 60 s lets a 6 MB response go out at 100 KB/s.
    public var sendTimeout: Duration = .seconds(60)
    /// Most open connections over all loops; beyond it a connection is answered 503 and closed.
    public var maxConnections: Int = 4096
    /// Most requests of one connection being processed or waiting to be written; the server
    /// stops reading the connection beyond it.
    public var maxPipelinedRequests: Int = 16
    /// TLS settings; nil serves plain HTTP.
    public var tls: TLSConfiguration? = nil
    /// On shutdown, how long in-flight requests may take before their connections are closed.
    public var shutdownGracePeriod: Duration = .seconds(10)
    /// The clock every timeout and deadline is measured on; tests pass `HTTPServerClock.manual()`.
    public var clock: HTTPServerClock = .system
    /// The `Server` field of every response (a product token such as `example/1`, or just a
    /// name); nil sends none. CR, LF and NUL are sent as spaces.
    public var serverName: String? = nil
    /// Builds the response sent before closing a connection whose request could not be parsed
    /// (and the 503 sent to connections beyond `maxConnections`, the 408 on a read timeout).
    /// The server adds `X-Request-Id`, `Date`, `Server`, `Content-Length` and `Connection: close`.
    /// Default: the status with a one-line plain-text body.
    public var errorResponse: @Sendable (HTTPParseError) -> HTTPResponse = HTTPServerConfiguration.plainErrorResponse

    /// The defaults (127.0.0.1:8080, one loop per CPU, no TLS).
    public init() {}

    /// The defaults, listening on `host:port`.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// The default `errorResponse`: `text/plain` with the status code, phrase and reason.
    public static func plainErrorResponse(_ error: HTTPParseError) -> HTTPResponse {
        .text(error.status, "\(error.status.code) \(error.status.reasonPhrase): \(error.reason)\n")
    }

    /// `value` as field-value bytes: CR, LF and NUL become spaces (no response splitting).
    static func fieldValueBytes(_ value: String) -> [UInt8] {
        value.utf8.map { $0 == 0x0D || $0 == 0x0A || $0 == 0 ? 0x20 : $0 }
    }

    /// CPUs in this process's affinity mask (so `taskset -c 0` gives 1), at least 1.
    public static func activeProcessorCount() -> Int {
        var set = cpu_set_t()
        guard sched_getaffinity(0, MemoryLayout<cpu_set_t>.size, &set) == 0 else {
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        }
        let count = withUnsafeBytes(of: &set) { raw in
            raw.reduce(0) { $0 + $1.nonzeroBitCount }
        }
        return max(1, count)
    }
}
