import Foundation
import Glibc
import Logging
import Synchronization
import XCTest

@testable import HTTPServer

/// An event loop that the test turns itself, on its own thread (the loop's thread is never
/// started), with one connection over a socket pair: the test is the client at the other end.
final class SocketPairLoop {
    /// A response as the client read it.
    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    let loop: EventLoop
    let metrics = HTTPServerMetrics()
    let clock: HTTPServerClock
    /// The client's end of the pair.
    private let client: Int32
    /// Everything the client has read so far.
    private(set) var received: [UInt8] = []
    /// The client read end-of-file: the server closed (or shut down) its side.
    private(set) var sawEndOfFile = false

    /// A loop on a manual clock serving `router`; `sendBuffer` shrinks the server side's socket
    /// send buffer (so large responses go out in many partial writes).
    init(
        router: Router, sendBuffer: Int32? = nil, configure: (inout HTTPServerConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = HTTPServerConfiguration()
        configuration.clock = .manual()
        configure(&configuration)
        clock = configuration.clock
        var logger = Logger(label: "socket-pair")
        logger.logLevel = .critical
        let context = ServerContext(
            configuration: configuration, router: router, logger: logger, metrics: metrics, tls: nil, listenerFD: -1)
        loop = try EventLoop(index: 0, server: context) { _ in }
        var pair: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &pair) == 0 else { throw POSIXFailure(call: "socketpair", code: errno) }
        if var size = sendBuffer {
            setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        client = pair[1]
        loop.admit(pair[0])
    }

    deinit {
        Glibc.close(client)
    }

    /// Connections the loop has open.
    var openConnections: Int { metrics.snapshot().openConnections }

    /// Writes `text` from the client.
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(client, $0.baseAddress, $0.count) }
        XCTAssertEqual(written, bytes.count, "the client's write was short")
    }

    /// Closes the client's end and turns the loop until the server closed the connection.
    func closeClient() {
        Glibc.shutdown(client, Int32(SHUT_RDWR))
        XCTAssertTrue(run(until: { openConnections == 0 }), "the server kept the connection")
    }

    /// One loop iteration (waiting at most 20 ms for an event) without the client reading.
    func turn() {
        loop.turn(waitAtMost: 20)
    }

    /// Turns the loop and reads as the client until `condition` holds; false when it still
    /// does not after `turns` iterations.
    @discardableResult
    func run(turns: Int = 500, reading: Bool = true, until condition: () -> Bool) -> Bool {
        for _ in 0..<turns {
            if reading { readAvailable() }
            if condition() { return true }
            turn()
        }
        if reading { readAvailable() }
        return condition()
    }

    /// Bytes waiting in the client's socket, not read yet (at most 64 KiB counted).
    var bytesWaitingForClient: Int {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, Int32(MSG_PEEK | MSG_DONTWAIT)) }
        return max(count, 0)
    }

    /// Reads what the client's socket holds now.
    func readAvailable() {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(client, $0.baseAddress, $0.count) }
            if count > 0 {
                received.append(contentsOf: chunk[0..<count])
            } else {
                if count == 0 { sawEndOfFile = true }
                return
            }
        }
    }

    /// The complete responses received so far (framed by `Content-Length`).
    var responses: [Response] {
        var responses: [Response] = []
        var rest = received[...]
        while let end = rest.firstRange(of: Array("\r\n\r\n".utf8)) {
            let lines = String(decoding: rest[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let status = Int(lines[0].split(separator: " ")[1]) ?? 0
            let headers = lines.dropFirst().map { line -> (name: String, value: String) in
                let colon = line.firstIndex(of: ":") ?? line.endIndex
                return (String(line[..<colon]), line[colon...].dropFirst().trimmingCharacters(in: .whitespaces))
            }
            var response = Response(status: status, headers: headers, body: [])
            let length = response.header("Content-Length").flatMap { Int($0) } ?? 0
            guard rest.count - (end.upperBound - rest.startIndex) >= length else { break }
            response.body = Array(rest[end.upperBound..<(end.upperBound + length)])
            responses.append(response)
            rest = rest[(end.upperBound + length)...]
        }
        return responses
    }

    /// A failed system call while setting up.
    struct POSIXFailure: Error {
        var call: String
        var code: Int32
    }
}
