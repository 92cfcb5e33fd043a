import COpenSSL
import Glibc

/// A minimal HTTP/1.1 client for `lokinetpol healthcheck` (the container `HEALTHCHECK`):
/// `GET /healthz` over TCP, or TLS when the service serves HTTPS, with a deadline; succeeds on
/// a 200. The TLS probe does not verify the certificate: it asks the local service whether it
/// answers, it does not authenticate it.
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
    public static func check(
        host: String, port: Int, tls: Bool = false, path: String = "/healthz", timeoutSeconds: Int = 3
    ) throws(Failure) {
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
        let response = tls ? try exchangeTLS(fd, request) : try exchangePlain(fd, request)
        let statusLine = String(decoding: response.prefix(12), as: UTF8.self)
        guard statusLine.hasPrefix("HTTP/1.") && statusLine.hasSuffix(" 200") else {
            throw .status("unhealthy: \(statusLine)")
        }
    }

    /// Writes the request and reads at least the status line over plain TCP.
    private static func exchangePlain(_ fd: Int32, _ request: [UInt8]) throws(Failure) -> [UInt8] {
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { throw .io("cannot send the request: errno \(errno)") }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while response.count < 12 {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw .io("no answer") }
            response += chunk[..<count]
        }
        return response
    }

    /// The same over TLS (1.2 or later), on the blocking socket.
    private static func exchangeTLS(_ fd: Int32, _ request: [UInt8]) throws(Failure) -> [UInt8] {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .io("cannot create a TLS context") }
        defer { SSL_CTX_free(context) }
        SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil)  // SSL_CTX_set_min_proto_version
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        guard let ssl = SSL_new(context) else { throw .io("cannot create a TLS session") }
        defer { SSL_free(ssl) }
        SSL_set_fd(ssl, fd)
        guard SSL_connect(ssl) == 1 else { throw .io("TLS handshake failed") }
        let sent = request.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        guard sent == Int32(request.count) else { throw .io("cannot send the request over TLS") }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while response.count < 12 {
            let count = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { throw .io("no answer over TLS") }
            response += chunk[..<Int(count)]
        }
        return response
    }
}
