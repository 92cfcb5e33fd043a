import Foundation
import Glibc

/// The live tests' HTTP/1.1 client (HTTPServerTests and NetpolServiceTests): blocking, over a
/// raw TCP socket to 127.0.0.1, so a test controls every byte sent (split, pipelined, malformed)
/// and reads what comes back strictly (`Content-Length` framing, nothing assumed).
///
/// Two ways to use it: `request`/`exchange` for one request and its response, reconnecting when
/// the server closed a kept-alive connection; or `init(connectingTo:)`, `send` and
/// `readResponse` for what the server does with one connection (`waitForClose`, `unreadBytes`).
public final class HTTPTestClient: @unchecked Sendable {
    /// Why no response could be read.
    public enum Failure: Error, CustomStringConvertible {
        case connectFailed(Int32)
        case closedBeforeResponse(received: Int)
        case timedOut
        case malformed(String)

        public var description: String {
            switch self {
            case .connectFailed(let code): return "connect failed: \(String(cString: strerror(code)))"
            case .closedBeforeResponse(let count): return "connection closed after \(count) bytes, before a full response"
            case .timedOut: return "timed out waiting for the server"
            case .malformed(let text): return "malformed response: \(text)"
            }
        }
    }

    public let port: Int
    /// The socket (-1 before the first connection and after `close`).
    public private(set) var fd: Int32 = -1
    /// True once the server closed the connection (EOF or reset).
    public private(set) var sawEOF = false
    private let timeout: Double
    private var buffer: [UInt8] = []
    /// The last response said `Connection: close`: the next `exchange` starts a new connection.
    private var closing = false

    /// A client that connects on its first `request`/`exchange`; reads and writes time out
    /// after `timeout` seconds.
    public init(port: Int, timeout: Double = 30) {
        self.port = port
        self.timeout = timeout
    }

    /// A client connected now, for tests of what the server does with one connection.
    public convenience init(connectingTo port: Int, timeout: Double = 5) throws {
        self.init(port: port, timeout: timeout)
        try connect()
    }

    deinit { close() }

    /// Closes the connection (the next `request`/`exchange` opens another).
    public func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
        buffer.removeAll()
        sawEOF = false
        closing = false
    }

    /// Sets the read and write timeouts of the connection.
    public func setTimeout(_ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    // MARK: - One request, one response

    /// Sends one request (`Host` and, with a body, `Content-Length` added) and reads its response.
    public func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) throws -> HTTPTestResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if let body { bytes += body }
        return try exchange(bytes, headRequest: method == "HEAD")
    }

    /// `request` with a body given as text.
    public func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], text: String
    ) throws -> HTTPTestResponse {
        try request(method, target, headers: headers, body: Array(text.utf8))
    }

    /// Sends raw bytes (one or more requests) and reads one response. A kept-alive connection
    /// the server closed meanwhile is replaced once; a server that answers and closes before it
    /// read the whole request (413, 431) still has its answer read.
    public func exchange(_ bytes: [UInt8], headRequest: Bool = false) throws -> HTTPTestResponse {
        if closing { close() }
        let reused = fd >= 0
        if !reused { try connect() }
        do {
            send(bytes)  // a failed write may have been answered early: read what is there
            return try readResponse(headRequest: headRequest)
        } catch Failure.closedBeforeResponse(received: 0) where reused {
            close()
            try connect()
            send(bytes)
            return try readResponse(headRequest: headRequest)
        }
    }

    /// Sends `request` on a new connection and reads one response.
    public static func roundTrip(port: Int, _ request: String, headRequest: Bool = false) throws -> HTTPTestResponse {
        let client = try HTTPTestClient(connectingTo: port)
        client.send(request)
        return try client.readResponse(headRequest: headRequest)
    }

    // MARK: - One connection

    /// Sends all of `bytes`; false if the peer is gone.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return false }
            offset += count
        }
        return true
    }

    /// Sends `text` as UTF-8; false if the peer is gone.
    @discardableResult
    public func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Half-closes the sending side.
    public func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads one response (skipping `100 Continue` unless `interim` is true). `headRequest`
    /// means no body follows whatever `Content-Length` says; any other response without one
    /// (but 1xx, 204 and 304) is malformed here.
    public func readResponse(headRequest: Bool = false, interim: Bool = false) throws -> HTTPTestResponse {
        while true {
            var response = try readHead()
            if response.status / 100 == 1 && !interim { continue }
            closing = response.header("Connection")?.lowercased() == "close"
            guard !headRequest, response.status / 100 != 1, response.status != 204, response.status != 304 else {
                return response
            }
            guard let lengthText = response.header("Content-Length"), let length = Int(lengthText) else {
                throw Failure.malformed("no Content-Length in \(response.status)")
            }
            while buffer.count < length {
                guard try fill() else { throw Failure.closedBeforeResponse(received: buffer.count) }
            }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
            return response
        }
    }

    /// True if the server closes the connection (EOF or reset) within `timeout` seconds, false
    /// if it stays open that long. Bytes still sent are kept in `unreadBytes`.
    public func waitForClose(timeout: Double = 3) -> Bool {
        if sawEOF { return true }
        setTimeout(timeout)
        defer { setTimeout(self.timeout) }
        while true {
            do {
                if try !fill() { return true }
            } catch {
                return false
            }
        }
    }

    /// Bytes received but not consumed by `readResponse`.
    public var unreadBytes: [UInt8] { buffer }

    // MARK: - Private

    private func connect() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.connectFailed(errno) }
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
            let code = errno
            close()
            throw Failure.connectFailed(code)
        }
        setTimeout(timeout)
    }

    /// Reads more bytes into the buffer; false at EOF or reset; throws on timeout.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer += chunk[..<count]
                return true
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw Failure.timedOut }
            sawEOF = true
            return false
        }
    }

    private func readHead() throws -> HTTPTestResponse {
        var searchFrom = 0
        while true {
            if let end = headEnd(from: searchFrom) {
                let text = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                var lines = text.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst()
                let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
                guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
                    throw Failure.malformed(statusLine)
                }
                var headers: [(name: String, value: String)] = []
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed(line) }
                    headers.append(
                        (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                }
                return HTTPTestResponse(
                    status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers, body: [])
            }
            searchFrom = max(0, buffer.count - 3)
            guard try fill() else { throw Failure.closedBeforeResponse(received: buffer.count) }
        }
    }

    /// Where the first `CRLF CRLF` at or after `start` begins.
    private func headEnd(from start: Int) -> Int? {
        var index = start
        while index + 4 <= buffer.count {
            if buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }
}
