import Foundation
import HTTPServer
import XCTest
import HTTPTestSupport

/// Connection limit, idle / header / body timeouts, slowloris.
final class LimitTests: XCTestCase {
    func testConnectionsBeyondTheLimitGet503AndAreClosed() async throws {
        let live = try LiveServer { $0.maxConnections = 2 }
        let first = try HTTPTestClient(connectingTo: live.port)
        let second = try HTTPTestClient(connectingTo: live.port)
        for client in [first, second] {
            client.send(RawRequest.get("/hello"))
            XCTAssertEqual(try client.readResponse().status, 200)
        }
        XCTAssertEqual(live.metrics.openConnections, 2)
        let third = try HTTPTestClient(connectingTo: live.port)
        third.send(RawRequest.get("/hello"))
        let rejected = try third.readResponse()
        XCTAssertEqual(rejected.status, 503)
        XCTAssertEqual(rejected.header("Connection"), "close")
        XCTAssertTrue(third.waitForClose(timeout: 3))
        XCTAssertEqual(live.metrics.openConnections, 2, "rejected connections are not counted")

        // The admitted ones still work; once one closes, a new client is admitted.
        first.send(RawRequest.get("/hello", "Connection: close\r\n"))
        XCTAssertEqual(try first.readResponse().status, 200)
        XCTAssertTrue(first.waitForClose(timeout: 2))
        try await waitUntil { live.metrics.openConnections == 1 }
        XCTAssertEqual(try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/hello")).status, 200)
        await live.stop()
    }

    func testIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        let live = try LiveServer { $0.idleTimeout = .milliseconds(300) }
        let client = try HTTPTestClient(connectingTo: live.port)
        client.send(RawRequest.get("/hello"))
        XCTAssertEqual(try client.readResponse().status, 200)
        let started = Date()
        XCTAssertTrue(client.waitForClose(timeout: 2))
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(elapsed, 0.25)
        XCTAssertLessThan(elapsed, 1.0)
        XCTAssertTrue(client.unreadBytes.isEmpty, "an idle close sends nothing")

        let silent = try HTTPTestClient(connectingTo: live.port)
        XCTAssertTrue(silent.waitForClose(timeout: 2), "a connection that never sends is idle too")
        await live.stop()
    }

    func testBusyConnectionIsNotClosedByTheIdleTimeout() async throws {
        let live = try LiveServer { $0.idleTimeout = .milliseconds(300) }
        let client = try HTTPTestClient(connectingTo: live.port)
        for _ in 0..<8 {
            client.send(RawRequest.get("/hello"))
            XCTAssertEqual(try client.readResponse().status, 200)
            try await Task.sleep(for: .milliseconds(100))
        }
        await live.stop()
    }

    func testSlowlorisIsCutOffAtTheHeaderTimeoutWhileOthersAreServed() async throws {
        let live = try LiveServer {
            $0.headerReadTimeout = .seconds(2)
            $0.idleTimeout = .seconds(30)
        }
        let slow = try HTTPTestClient(connectingTo: live.port)
        let request = Array(RawRequest.get("/hello", "X-Slow: " + String(repeating: "s", count: 40) + "\r\n").utf8)
        let started = Date()
        let trickle = Task.detached {
            for byte in request {
                guard slow.send([byte]) else { return }
                try? await Task.sleep(for: .seconds(1))  // one header byte per second
            }
        }
        var served = 0
        while Date().timeIntervalSince(started) < 1.5 {
            XCTAssertEqual(try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/hello")).status, 200)
            served += 1
            try await Task.sleep(for: .milliseconds(100))
        }
        XCTAssertGreaterThan(served, 5)
        XCTAssertTrue(slow.waitForClose(timeout: 2.5), "the slowloris connection is closed")
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(elapsed, 1.8)
        XCTAssertLessThan(elapsed, 2.8, "closed at the header timeout although bytes kept coming")
        trickle.cancel()
        if !slow.unreadBytes.isEmpty {
            XCTAssertTrue(String(decoding: slow.unreadBytes, as: UTF8.self).hasPrefix("HTTP/1.1 408 "))
        }
        await live.stop()
    }

    func testSlowBodyIsCutOffAtTheBodyTimeout() async throws {
        let live = try LiveServer { $0.bodyReadTimeout = .milliseconds(400) }
        let client = try HTTPTestClient(connectingTo: live.port)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        let started = Date()
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 408)
        XCTAssertTrue(client.waitForClose(timeout: 2))
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.0)
        await live.stop()
    }

    func testPipelinedLargeUploadsAreAllAnswered() async throws {
        // 20 MB of pipelined bodies with small answers: every request is answered, in order.
        // (When input outpaces the loop, turns end at their read budget and continue after
        // the epoll batch; a release build reaches that here, a debug build rarely does.)
        let live = try LiveServer { $0.eventLoops = 1 }
        let client = try HTTPTestClient(connectingTo: live.port)
        let count = 20
        let upload = Array(("POST /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n" + String(repeating: "x", count: 1_000_000)).utf8)
        let sender = Task.detached {
            for _ in 0..<count { guard client.send(upload) else { return } }
            client.send(RawRequest.get("/hello"))
        }
        for _ in 0..<count {
            XCTAssertEqual(try client.readResponse().status, 405)
        }
        XCTAssertEqual(try client.readResponse().text, "hello")
        await sender.value
        await live.stop()
    }

    func testOpenConnectionsGaugeFollowsConnections() async throws {
        let live = try LiveServer()
        var clients: [HTTPTestClient] = []
        for _ in 0..<3 {
            let client = try HTTPTestClient(connectingTo: live.port)
            client.send(RawRequest.get("/hello"))
            _ = try client.readResponse()
            clients.append(client)
        }
        XCTAssertEqual(live.metrics.openConnections, 3)
        clients.removeAll()
        try await waitUntil { live.metrics.openConnections == 0 }
        await live.stop()
    }
}

/// Polls `condition` every 10 ms for up to `timeout` seconds.
func waitUntil(timeout: Double = 2, _ condition: () -> Bool, file: StaticString = #filePath, line: UInt = #line) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else {
            XCTFail("condition not met within \(timeout) s", file: file, line: line)
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
