import Foundation
import Glibc
import HTTPServer
import XCTest
import HTTPTestSupport

/// What one client can hold or mint: metric series, a connection read a byte at a time,
/// refused connections, a request without a host. Timeouts run on a manual clock.
final class ResourceBoundTests: XCTestCase {
    private func meteredRouter(_ metrics: HTTPServerMetrics) -> Router {
        var router = LiveServer.testRouter()
        router.use(StandardMiddleware.metrics(metrics))
        return router
    }

    func testMadeUpMethodsAreCountedAsOtherInOneSeriesPerRouteAndStatus() async throws {
        let metrics = HTTPServerMetrics()
        let live = try LiveServer(router: meteredRouter(metrics), metrics: metrics)
        let client = try HTTPTestClient(connectingTo: live.port)
        let madeUp = (1...30).map { "MADEUP\($0)" }
        for method in madeUp {
            client.send("\(method) /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().status, 405, method)
            client.send("\(method) /nowhere/\(method) HTTP/1.1\r\nHost: t\r\n\r\n")
            XCTAssertEqual(try client.readResponse().status, 404, method)
        }
        client.send(RawRequest.get("/hello"))
        XCTAssertEqual(try client.readResponse().status, 200)
        client.send("PATCH /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        XCTAssertEqual(try client.readResponse().status, 405)

        typealias Key = HTTPServerMetrics.RequestKey
        XCTAssertEqual(metrics.snapshot().requests, [
            Key(method: "other", route: "/hello", status: 405): 30,
            Key(method: "other", route: HTTPServerMetrics.unmatchedRoute, status: 404): 30,
            Key(method: "GET", route: "/hello", status: 200): 1,
            Key(method: "PATCH", route: "/hello", status: 405): 1,
        ])
        let text = metrics.snapshot().prometheusText(prefix: "x")
        XCTAssertFalse(text.contains("MADEUP"), text)
        for method in ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"] {
            XCTAssertEqual(HTTPServerMetrics.methodLabel(HTTPMethod(method)), method)
        }
        XCTAssertEqual(HTTPServerMetrics.standardMethods.count, 9)
        for method in HTTPServerMetrics.standardMethods {
            XCTAssertEqual(HTTPServerMetrics.methodLabel(method), method.rawValue, "the label follows standardMethods")
        }
        XCTAssertEqual(HTTPServerMetrics.methodLabel(HTTPMethod("get")), "other", "methods are case-sensitive")
        await live.stop()
    }

    func testAResponseReadAByteAtATimeIsCutOffAtTheSendTimeout() async throws {
        let clock = HTTPServerClock.manual()
        let live = try LiveServer {
            $0.eventLoops = 1
            $0.clock = clock
            $0.idleTimeout = .seconds(600)  // progress keeps the stall timer away
            $0.sendTimeout = .seconds(10)
        }
        let client = try HTTPTestClient(connectingTo: live.port)
        let count = 24_000_000  // more than both socket buffers hold
        client.send(RawRequest.get("/big?bytes=\(count)"))
        var received = try client.read(atLeast: 100_000)
        // The client keeps reading, a little at a time, while time passes on the server's clock:
        // progress every 3 s never stalls, but the response is not done within 10 s.
        for _ in 0..<4 {
            clock.advance(by: .seconds(3))
            guard !client.sawEOF else { break }
            received += (try? client.read(atLeast: 4096)) ?? 0
        }
        XCTAssertTrue(client.waitForClose(timeout: 5), "the connection is closed at the send deadline")
        received += client.unreadBytes.count
        XCTAssertLessThan(received, count, "closed before the response was complete")
        XCTAssertEqual(try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/hello")).status, 200)
        await live.stop()
    }

    func testASendTimeoutDoesNotCutAResponseThatCompletesInTime() async throws {
        let clock = HTTPServerClock.manual()
        let live = try LiveServer {
            $0.eventLoops = 1
            $0.clock = clock
            $0.sendTimeout = .seconds(10)
        }
        let client = try HTTPTestClient(connectingTo: live.port)
        for _ in 0..<3 {
            client.send(RawRequest.get("/big?bytes=3000000"))
            clock.advance(by: .seconds(9))  // each response gets its own deadline
            XCTAssertEqual(try client.readResponse().body.count, 3_000_000)
        }
        await live.stop()
    }

    func testConnectionsOverTheLimitAreCountedAndClosedPromptlyAfterThe503() async throws {
        let clock = HTTPServerClock.manual()
        let live = try LiveServer {
            $0.maxConnections = 1
            $0.clock = clock
        }
        let admitted = try HTTPTestClient(connectingTo: live.port)
        admitted.send(RawRequest.get("/hello"))
        XCTAssertEqual(try admitted.readResponse().status, 200)
        XCTAssertEqual(live.metrics.rejectedConnections, 0)

        var refused: [HTTPTestClient] = []
        for _ in 0..<3 {
            let client = try HTTPTestClient(connectingTo: live.port)  // sends nothing, keeps its side open
            XCTAssertEqual(try client.readResponse().status, 503)
            refused.append(client)
        }
        XCTAssertEqual(live.metrics.rejectedConnections, 3)
        XCTAssertEqual(live.metrics.openConnections, 1, "refused connections are not open connections")
        let text = live.metrics.snapshot().prometheusText(prefix: "lokinetpol_http")
        XCTAssertTrue(text.contains("\nlokinetpol_http_rejected_connections_total 3\n"), text)
        // Not the 2 s linger of an admitted connection: a fraction of a second on the server's
        // clock, and the server closes although the clients keep their sides open. The server
        // arms a refused socket's close timer once its 503 is written, which can be just after
        // the client read it (and after an advance made then): advance in steps, with a real-time
        // wait for the close between them, in all at most 1 s of server time.
        var advanced = 0
        var open = refused
        while !open.isEmpty, advanced < 1_000 {
            clock.advance(by: .milliseconds(250))
            advanced += 250
            open = open.filter { !$0.waitForClose(timeout: 1) }
        }
        XCTAssertTrue(open.isEmpty, "\(open.count) refused connections still open after \(advanced) ms of server time")
        admitted.send(RawRequest.get("/hello"))
        XCTAssertEqual(try admitted.readResponse().status, 200)
        await live.stop()
    }

    func testAnEmptyHostIsABadRequest() async throws {
        let live = try LiveServer()
        let cases = [
            "GET /hello HTTP/1.1\r\nHost: \r\n\r\n",
            "GET /hello HTTP/1.1\r\nHost:\r\n\r\n",
            "GET /hello HTTP/1.1\r\nHost: :8080\r\n\r\n",
            "GET /hello HTTP/1.0\r\nHost: \r\n\r\n",
            "GET http://:8080/hello HTTP/1.1\r\nHost: t\r\n\r\n",
        ]
        for request in cases {
            let response = try HTTPTestClient.roundTrip(port: live.port, request)
            XCTAssertEqual(response.status, 400, request)
        }
        XCTAssertEqual(try HTTPTestClient.roundTrip(port: live.port, "GET /hello HTTP/1.1\r\nHost: t:1\r\n\r\n").status, 200)
        XCTAssertEqual(try HTTPTestClient.roundTrip(port: live.port, "GET /hello HTTP/1.0\r\n\r\n").status, 200)
        await live.stop()
    }
}

extension HTTPTestClient {
    /// Reads and discards at least `count` bytes (fewer at EOF); returns how many were read.
    func read(atLeast count: Int) throws -> Int {
        var total = 0
        var chunk = [UInt8](repeating: 0, count: min(count, 65536))
        while total < count {
            let got = recv(fd, &chunk, min(chunk.count, count - total), 0)
            if got > 0 {
                total += got
            } else if got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                throw Failure.timedOut
            } else {
                break
            }
        }
        return total
    }
}
