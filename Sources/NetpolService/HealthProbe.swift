import Glibc

/// A minimal HTTP/1.1 client for `lokinetpol healthcheck` (the container `HEALTHCHECK`):
/// `GET /healthz` over plain TCP with a deadline, true on a 200.
public enum HealthProbe {
    /// Why a probe failed.
    public enum Failure: Error, CustomStringConvertible {
        case resolve(String), connect(String), io(String), status(String)

        public var description: String {
            switch self {
            case .resolve(let text), .connect(let text), .io(let text), .status(let text): text
            }
        }
    }

    /// Sends `GET path` to `host:port` and succeeds when the answer's status is 200.
    public static func check(host: String, port: Int, path: String = "/healthz", timeoutSeconds: Int = 3)
        throws(Failure)
    {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw .resolve("cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .connect("socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            throw .connect("cannot connect to \(host):\(port): errno \(errno)")
        }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { throw .io("cannot send the request: errno \(errno)") }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while response.count < 12 {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw .io("no answer from \(host):\(port)") }
            response += chunk[..<count]
        }
        let statusLine = String(decoding: response.prefix(12), as: UTF8.self)
        guard statusLine.hasPrefix("HTTP/1.") && statusLine.hasSuffix(" 200") else {
            throw .status("unhealthy: \(statusLine)")
        }
    }
}
