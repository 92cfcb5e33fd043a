import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A response as the test client read it off the wire.
struct TestResponse: CustomStringConvertible {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The first header named `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object (nil if it is not one).
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }

    /// `Content-Type` without parameters.
    var mediaType: String? {
        header("Content-Type").map { String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces) }
    }

    var description: String { "HTTP \(status) \(headers.map { "\($0.name): \($0.value)" }) \(text.prefix(600))" }
}

enum TestHTTPError: Error { case connect(Int32), io(String), malformed(String), closed }

/// A tiny blocking HTTP/1.1 client over a raw TCP socket: exact control of what is sent,
/// keep-alive reuse, and strict reading of what comes back (`Content-Length` framing).
final class TestHTTPClient {
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    let port: Int

    init(port: Int) { self.port = port }

    deinit { close() }

    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
        buffer.removeAll()
    }

    /// Sends one request and reads its response; reconnects when needed.
    func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) throws -> TestResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if let body { bytes += body }
        return try exchange(bytes, headOnly: method == "HEAD")
    }

    /// Convenience: a body given as text.
    func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], text: String
    ) throws -> TestResponse {
        try request(method, target, headers: headers, body: Array(text.utf8))
    }

    /// Sends raw bytes (one or more requests) and reads one response. A reused keep-alive
    /// connection the server closed meanwhile is replaced once; a server that answers and
    /// closes before it read the whole request (413, 431) still has its answer read.
    func exchange(_ bytes: [UInt8], headOnly: Bool = false) throws -> TestResponse {
        let reused = fd >= 0
        if !reused { try connect() }
        do {
            do {
                try writeAll(bytes)
            } catch TestHTTPError.closed {
                // Answered early? Read what is there.
            }
            return try readResponse(headOnly: headOnly)
        } catch TestHTTPError.closed where reused && buffer.isEmpty {
            close()
            try connect()
            try writeAll(bytes)
            return try readResponse(headOnly: headOnly)
        }
    }

    /// Reads one more response (pipelining).
    func readResponse(headOnly: Bool = false) throws -> TestResponse {
        let headEnd = try readUntilHeadEnd()
        let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw TestHTTPError.malformed(statusLine)
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw TestHTTPError.malformed(line) }
            headers.append(
                (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        var response = TestResponse(status: status, headers: headers, body: [])
        let length = response.header("Content-Length").flatMap { Int($0) } ?? 0
        if !headOnly && status != 304 && status != 204 && length > 0 {
            try fill(atLeast: length)
            response.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        }
        if response.header("Connection")?.lowercased() == "close" { close() }
        return response
    }

    private func connect() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestHTTPError.connect(errno) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let error = errno
            close()
            throw TestHTTPError.connect(error)
        }
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw errno == EPIPE || errno == ECONNRESET ? TestHTTPError.closed : TestHTTPError.io("send \(errno)")
            }
            offset += written
        }
    }

    private func readMore() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == EINTR { return }
            throw errno == ECONNRESET ? TestHTTPError.closed : TestHTTPError.io("recv \(errno)")
        }
        if count == 0 { throw TestHTTPError.closed }
        buffer += chunk[..<count]
    }

    private func readUntilHeadEnd() throws -> Int {
        let marker: [UInt8] = [13, 10, 13, 10]
        var searchFrom = 0
        while true {
            if buffer.count >= 4 {
                var index = max(0, searchFrom - 3)
                while index + 4 <= buffer.count {
                    if buffer[index] == 13 && buffer[index..<index + 4].elementsEqual(marker) { return index }
                    index += 1
                }
                searchFrom = buffer.count
            }
            try readMore()
        }
    }

    private func fill(atLeast count: Int) throws {
        while buffer.count < count { try readMore() }
    }

    /// True when the server has closed the connection (reads EOF within `seconds`).
    func serverClosed(within seconds: Int) -> Bool {
        guard fd >= 0 else { return true }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var byte: UInt8 = 0
        let count = recv(fd, &byte, 1, 0)
        return count == 0 || (count < 0 && errno == ECONNRESET)
    }
}
