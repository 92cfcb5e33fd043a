import Foundation
import HTTPServer
import XCTest
import HTTPTestSupport

/// Keep-alive, pipelining order, HTTP/1.0, `Connection: close`, HEAD, 100-continue, deferred
/// work off the loop, large responses (partial writes).
final class ConnectionBehaviourTests: XCTestCase {
    func testKeepAliveServesSeveralRequestsOnOneConnection() async throws {
        let live = try LiveServer()
        let client = try HTTPTestClient(connectingTo: live.port)
        for _ in 0..<5 {
            client.send(RawRequest.get("/hello"))
            let response = try client.readResponse()
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.text, "hello")
            XCTAssertNil(response.header("Connection"))
        }
        XCTAssertFalse(client.waitForClose(timeout: 0.3), "keep-alive connection stays open")
        await live.stop()
    }

    func testPipelinedResponsesKeepRequestOrderEvenWhenDeferredWorkFinishesOutOfOrder() async throws {
        let live = try LiveServer()
        let client = try HTTPTestClient(connectingTo: live.port)
        let delays = [300, 0, 150, 0, 50]
        client.send(delays.map { RawRequest.get("/deferred?ms=\($0)") }.joined() + RawRequest.get("/hello"))
        for delay in delays {
            let response = try client.readResponse()
            XCTAssertEqual(response.text, "deferred \(delay)")
        }
        XCTAssertEqual(try client.readResponse().text, "hello")
        await live.stop()
    }

    func testPipelineDeeperThanTheLimitIsServedCompletely() async throws {
        let live = try LiveServer { $0.maxPipelinedRequests = 2 }
        let client = try HTTPTestClient(connectingTo: live.port)
        let count = 40
        client.send((0..<count).map { RawRequest.get("/deferred?ms=\($0 % 3)") }.joined())
        for index in 0..<count {
            XCTAssertEqual(try client.readResponse().text, "deferred \(index % 3)")
        }
        await live.stop()
    }

    func testPipelinedRequestsArrivingInTinyPiecesAreAnsweredInOrder() async throws {
        let live = try LiveServer()
        let client = try HTTPTestClient(connectingTo: live.port)
        var noDelay: Int32 = 1
        setsockopt(client.fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        let stream = Array((RawRequest.get("/deferred?ms=5") + "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
            + RawRequest.get("/hello") + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nwxyz").utf8)
        var generator = SystemRandomNumberGenerator()
        var offset = 0
        while offset < stream.count {
            let size = min(Int.random(in: 1...7, using: &generator), stream.count - offset)
            client.send(Array(stream[offset..<offset + size]))
            offset += size
            if offset % 5 == 0 { try await Task.sleep(for: .milliseconds(1)) }
        }
        XCTAssertEqual(try client.readResponse().text, "deferred 5")
        XCTAssertEqual(try client.readResponse().text, "abcde")
        XCTAssertEqual(try client.readResponse().text, "hello")
        XCTAssertEqual(try client.readResponse().text, "wxyz")
        await live.stop()
    }

    func testHTTP10ClosesByDefaultAndKeepsAliveOnRequest() async throws {
        let live = try LiveServer()
        let closing = try HTTPTestClient(connectingTo: live.port)
        closing.send("GET /hello HTTP/1.0\r\n\r\n")
        let first = try closing.readResponse()
        XCTAssertEqual(first.status, 200)
        XCTAssertTrue(closing.waitForClose(timeout: 2))

        let keeping = try HTTPTestClient(connectingTo: live.port)
        for _ in 0..<2 {
            keeping.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            XCTAssertEqual(try keeping.readResponse().status, 200)
        }
        XCTAssertFalse(keeping.waitForClose(timeout: 0.3))
        await live.stop()
    }

    func testConnectionCloseIsHonouredAndAnnounced() async throws {
        let live = try LiveServer()
        let client = try HTTPTestClient(connectingTo: live.port)
        client.send(RawRequest.get("/hello", "Connection: close\r\n"))
        let response = try client.readResponse()
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(client.waitForClose(timeout: 2))

        let handlerClose = try HTTPTestClient(connectingTo: live.port)
        handlerClose.send(RawRequest.get("/bye") + RawRequest.get("/hello"))
        XCTAssertEqual(try handlerClose.readResponse().text, "bye")
        XCTAssertTrue(handlerClose.waitForClose(timeout: 2))
        XCTAssertTrue(handlerClose.unreadBytes.isEmpty, "nothing is answered after a closing response")
        await live.stop()
    }

    func testHeadHasTheGetHeadersButNoBody() async throws {
        let live = try LiveServer()
        let client = try HTTPTestClient(connectingTo: live.port)
        client.send("HEAD /big?bytes=1234 HTTP/1.1\r\nHost: t\r\n\r\n" + RawRequest.get("/hello"))
        let head = try client.readResponse(headRequest: true)
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("Content-Length"), "1234")
        XCTAssertEqual(try client.readResponse().text, "hello", "no body bytes between the two responses")
        await live.stop()
    }

    func testExpectContinueGetsAnInterimResponseBeforeTheBodyIsSent() async throws {
        let live = try LiveServer()
        let client = try HTTPTestClient(connectingTo: live.port)
        client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        let interim = try client.readResponse(interim: true)
        XCTAssertEqual(interim.status, 100)
        client.send("hello")
        let final = try client.readResponse()
        XCTAssertEqual(final.status, 200)
        XCTAssertEqual(final.text, "hello")
        await live.stop()
    }

    func testStandardHeadersArePresent() async throws {
        let live = try LiveServer { $0.serverName = "example/1\r\nX-Injected: 1" }
        let response = try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/hello"))
        XCTAssertEqual(response.header("Server"), "example/1  X-Injected: 1")
        XCTAssertNil(response.header("X-Injected"))
        XCTAssertEqual(response.header("Content-Length"), "5")
        let date = try XCTUnwrap(response.header("Date"))
        XCTAssertNotNil(date.range(of: #"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$"#, options: .regularExpression), date)
        await live.stop()
    }

    func testNoServerFieldUnlessConfigured() async throws {
        let live = try LiveServer()
        let response = try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/hello"))
        XCTAssertNil(response.header("Server"))
        await live.stop()
    }

    func testRequestIDIsEchoedWhenSaneAndGeneratedOtherwise() async throws {
        let live = try LiveServer()
        let echoed = try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/id", "X-Request-Id: abc-123.x\r\n"))
        XCTAssertEqual(echoed.header("X-Request-Id"), "abc-123.x")
        XCTAssertEqual(echoed.text, "abc-123.x", "the handler sees the same id")

        let tooLong = String(repeating: "a", count: 129)
        for supplied in [tooLong, "has space", "quote\"d", ""] {
            let response = try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/id", "X-Request-Id: \(supplied)\r\n"))
            let id = try XCTUnwrap(response.header("X-Request-Id"))
            XCTAssertNotEqual(id, supplied)
            XCTAssertEqual(id, response.text)
            XCTAssertTrue(StandardMiddleware.isSaneRequestID(id), id)
        }
        let first = try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/id")).header("X-Request-Id")
        let second = try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/id")).header("X-Request-Id")
        XCTAssertNotEqual(first, second, "generated ids differ")

        let bad = try HTTPTestClient.roundTrip(port: live.port, "GET /hello HTTP/7.0\r\n\r\n")
        XCTAssertEqual(bad.status, 505)
        XCTAssertNotNil(bad.header("X-Request-Id"), "error responses carry an id too")
        await live.stop()
    }

    func testParseErrorResponseComesFromTheConfiguredHook() async throws {
        let live = try LiveServer {
            $0.errorResponse = { error in
                HTTPResponse(
                    status: error.status, headers: ["Content-Type": "application/problem+json"],
                    body: Array("{\"status\":\(error.status.code),\"detail\":\"\(error.reason)\"}".utf8))
            }
        }
        let client = try HTTPTestClient(connectingTo: live.port)
        client.send("GET /hello HTTP/1.1\r\n\r\n")
        let response = try client.readResponse()
        XCTAssertEqual(response.status, 400)
        XCTAssertEqual(response.header("Content-Type"), "application/problem+json")
        XCTAssertTrue(response.text.hasPrefix("{\"status\":400,\"detail\":"), response.text)
        XCTAssertEqual(response.header("Connection"), "close")
        XCTAssertTrue(client.waitForClose(timeout: 2))
        await live.stop()
    }

    func testDeferredHandlerDoesNotBlockOtherConnections() async throws {
        let live = try LiveServer { $0.eventLoops = 1 }
        let slow = try HTTPTestClient(connectingTo: live.port)
        slow.send(RawRequest.get("/deferred?ms=500"))
        try await Task.sleep(for: .milliseconds(20))
        let started = Date()
        for _ in 0..<20 {
            XCTAssertEqual(try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/hello")).status, 200)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.4, "fast requests were served while the slow one ran")
        XCTAssertEqual(try slow.readResponse().text, "deferred 500")
        await live.stop()
    }

    func testLargeResponseSurvivesASlowReader() async throws {
        let live = try LiveServer()
        let client = try HTTPTestClient(connectingTo: live.port)
        // Larger than both socket buffers can hold (send ≤ 4 MiB, receive ≤ 6 MiB by default):
        // the server must resume after partial writes.
        let count = 16_000_000
        client.send(RawRequest.get("/big?bytes=\(count)") + RawRequest.get("/hello"))
        try await Task.sleep(for: .milliseconds(200))
        let big = try client.readResponse()
        XCTAssertEqual(big.body.count, count)
        XCTAssertEqual(big.body[count - 1], UInt8((count - 1) % 251))
        XCTAssertEqual(try client.readResponse().text, "hello")
        await live.stop()
    }

    func testLargeUploadsThenMoreRequestsOnTheSameConnection() async throws {
        let live = try LiveServer()
        let client = try HTTPTestClient(connectingTo: live.port)
        let body = String(repeating: "u", count: 200_000)
        let upload = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
        client.send(upload + RawRequest.get("/hello"))  // pipelined behind the upload
        XCTAssertEqual(try client.readResponse().body.count, 200_000)
        XCTAssertEqual(try client.readResponse().text, "hello")
        client.send(upload)  // alone: the connection drops its grown parser buffer afterwards
        XCTAssertEqual(try client.readResponse().body.count, 200_000)
        client.send(RawRequest.get("/hello"))
        XCTAssertEqual(try client.readResponse().text, "hello")
        await live.stop()
    }

    func testClientHalfCloseStillGetsItsResponse() async throws {
        let live = try LiveServer()
        let client = try HTTPTestClient(connectingTo: live.port)
        client.send(RawRequest.get("/deferred?ms=50"))
        client.shutdownWrite()
        XCTAssertEqual(try client.readResponse().text, "deferred 50")
        XCTAssertTrue(client.waitForClose(timeout: 2))
        await live.stop()
    }
}
