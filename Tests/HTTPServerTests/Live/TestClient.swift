import Foundation
import Glibc
import XCTest

/// A blocking TCP client for live tests: sends raw bytes, reads raw responses.
final class TestClient: @unchecked Sendable {
    /// A response as read off the wire.
    struct Response {
        var status: Int
        var reason: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    enum ClientError: Error, CustomStringConvertible {
        case connectFailed(Int32)
        case closedBeforeResponse(received: Int)
        case timedOut
        case malformed(String)

        var description: String {
            switch self {
            case .connectFailed(let code): return "connect failed: \(String(cString: strerror(code)))"
            case .closedBeforeResponse(let count): return "connection closed after \(count) bytes, before a full response"
            case .timedOut: return "timed out waiting for the server"
            case .malformed(let text): return "malformed response: \(text)"
            }
        }
    }

    let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var sawEOF = false

    init(port: Int, timeout: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ClientError.connectFailed(code)
        }
        setTimeout(timeout)
    }

    deinit { Glibc.close(fd) }

    func setTimeout(_ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends all of `bytes`; false if the peer is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return false }
            offset += count
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Half-closes the sending side.
    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes into the buffer; false at EOF or error; throws on timeout.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = recv(fd, &chunk, chunk.count, 0)
        if count > 0 {
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw ClientError.timedOut }
        sawEOF = true
        return false
    }

    /// Reads one response (skipping `100 Continue` unless `interim` is true). `headRequest`
    /// means no body follows whatever Content-Length says.
    func readResponse(headRequest: Bool = false, interim: Bool = false) throws -> Response {
        while true {
            let head = try readHead()
            if head.status / 100 == 1 && !interim { continue }
            var response = head
            guard !headRequest, head.status / 100 != 1, head.status != 204, head.status != 304 else { return response }
            guard let lengthText = head.header("Content-Length"), let length = Int(lengthText) else {
                throw ClientError.malformed("no Content-Length in \(head.status)")
            }
            while buffer.count < length {
                guard try fill() else { throw ClientError.closedBeforeResponse(received: buffer.count) }
            }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
            return response
        }
    }

    private func readHead() throws -> Response {
        let terminator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = find(terminator) {
                let text = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                var lines = text.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst()
                let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
                guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
                    throw ClientError.malformed(statusLine)
                }
                let headers = lines.compactMap { line -> (name: String, value: String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                return Response(status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers, body: [])
            }
            guard try fill() else { throw ClientError.closedBeforeResponse(received: buffer.count) }
        }
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for start in 0...(buffer.count - needle.count) where buffer[start] == needle[0] {
            if Array(buffer[start..<start + needle.count]) == needle { return start }
        }
        return nil
    }

    /// True if the server closes the connection (EOF or reset) within `timeout` seconds,
    /// false if it stays open that long. Bytes still sent are kept in `unreadBytes`.
    func waitForClose(timeout: Double = 3) -> Bool {
        if sawEOF { return true }
        setTimeout(timeout)
        defer { setTimeout(5) }
        while true {
            do {
                if try !fill() { return true }
            } catch {
                return false
            }
        }
    }

    /// Bytes received but not consumed by `readResponse`.
    var unreadBytes: [UInt8] { buffer }
}

extension TestClient {
    /// Sends `request` on a new connection and reads one response.
    static func roundTrip(port: Int, _ request: String, headRequest: Bool = false) throws -> Response {
        let client = try TestClient(port: port)
        client.send(request)
        return try client.readResponse(headRequest: headRequest)
    }
}
