import XCTest

@testable import HTTPServer

/// The connection in process, over a socket pair, on a loop the test turns itself: pipelining,
/// persistence, partial writes and the send deadline on the injected clock.
final class ConnectionTests: XCTestCase {
    private static let bigBytes = 300_000

    /// `GET /fast` → "fast"; `GET /slow` → "slow" once `gate` opens (deferred work);
    /// `GET /big` → `bigBytes` bytes of a repeating pattern.
    private func router(gate: Gate = Gate()) -> Router {
        var router = Router()
        router.add(.get, "/fast") { _, _ in .response(.text(.ok, "fast")) }
        router.add(.get, "/slow") { _, _ in
            .deferred {
                await gate.wait()
                return .text(.ok, "slow")
            }
        }
        router.add(.get, "/big") { _, _ in
            .response(HTTPResponse(status: .ok, body: Self.bigBody))
        }
        return router
    }

    private static let bigBody = (0..<bigBytes).map { UInt8(truncatingIfNeeded: $0 % 251) }

    private func get(_ path: String, _ extra: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: t\r\n\(extra)\r\n"
    }

    func testPipelinedRequestsAreAnsweredInRequestOrderWhateverOrderTheirWorkFinishesIn() throws {
        let gate = Gate()
        let pair = try SocketPairLoop(router: router(gate: gate))
        pair.send(get("/slow") + get("/fast") + get("/fast"))
        XCTAssertTrue(pair.run { gate.arrivals == 1 }, "the deferred work never started")
        pair.turn()
        pair.readAvailable()
        XCTAssertEqual(pair.received, [], "a response overtook the one before it")
        gate.open()
        XCTAssertTrue(pair.run { pair.responses.count == 3 })
        XCTAssertEqual(pair.responses.map(\.bodyText), ["slow", "fast", "fast"])
        XCTAssertEqual(pair.openConnections, 1)
        pair.closeClient()
    }

    func testPipeliningStopsReadingAtTheLimitAndResumes() throws {
        let gate = Gate()
        let pair = try SocketPairLoop(router: router(gate: gate)) { $0.maxPipelinedRequests = 2 }
        pair.send(get("/slow") + get("/fast") + get("/fast") + get("/fast"))
        XCTAssertTrue(pair.run { gate.arrivals == 1 })
        gate.open()
        XCTAssertTrue(pair.run { pair.responses.count == 4 })
        XCTAssertEqual(pair.responses.map(\.bodyText), ["slow", "fast", "fast", "fast"])
        pair.closeClient()
    }

    func testAKeepAliveConnectionServesOneRequestAfterAnother() throws {
        let pair = try SocketPairLoop(router: router())
        for count in 1...3 {
            pair.send(get("/fast"))
            XCTAssertTrue(pair.run { pair.responses.count == count })
        }
        XCTAssertEqual(pair.responses.map(\.status), [200, 200, 200])
        XCTAssertTrue(pair.responses.allSatisfy { $0.header("Connection") == nil })
        XCTAssertFalse(pair.sawEndOfFile)
        XCTAssertEqual(pair.openConnections, 1)
        pair.closeClient()
    }

    func testConnectionCloseIsAnsweredAndNothingAfterItIsParsed() throws {
        let pair = try SocketPairLoop(router: router())
        pair.send(get("/fast", "Connection: close\r\n") + get("/fast"))
        XCTAssertTrue(pair.run { pair.sawEndOfFile })
        XCTAssertEqual(pair.responses.count, 1)
        XCTAssertEqual(pair.responses.first?.header("Connection"), "close")
        XCTAssertTrue(pair.run { pair.openConnections == 0 })
    }

    func testHTTP10ClosesUnlessItAsksForKeepAlive() throws {
        let pair = try SocketPairLoop(router: router())
        pair.send("GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        XCTAssertTrue(pair.run { pair.responses.count == 1 })
        XCTAssertEqual(pair.responses[0].header("Connection"), "keep-alive")
        pair.send("GET /fast HTTP/1.0\r\n\r\n")
        XCTAssertTrue(pair.run { pair.sawEndOfFile })
        XCTAssertEqual(pair.responses.count, 2)
        XCTAssertEqual(pair.responses[1].header("Connection"), "close")
    }

    func testTheServerClosesWhenThePeerDoes() throws {
        let pair = try SocketPairLoop(router: router())
        pair.send(get("/fast"))
        XCTAssertTrue(pair.run { pair.responses.count == 1 })
        pair.closeClient()
        XCTAssertEqual(pair.openConnections, 0)
    }

    func testALargeResponseGoesOutInPartialWritesAndArrivesWhole() throws {
        let pair = try SocketPairLoop(router: router(), sendBuffer: 4096)
        pair.send(get("/big") + get("/fast"))
        XCTAssertTrue(pair.run(reading: false) { pair.readAvailable(); return !pair.received.isEmpty })
        XCTAssertLessThan(pair.received.count, Self.bigBytes, "the socket took the whole response in one write")
        XCTAssertTrue(pair.run { pair.responses.count == 2 })
        XCTAssertEqual(pair.responses[0].body, Self.bigBody)
        XCTAssertEqual(pair.responses[1].bodyText, "fast")
        pair.closeClient()
    }

    /// The big body goes out from the response's own array (a gathering write) across partial
    /// writes; a request arriving meanwhile is answered after it, whole.
    func testALargeBodyWrittenFromItsOwnArrayIsFollowedByTheNextResponse() throws {
        let pair = try SocketPairLoop(router: router(), sendBuffer: 4096)
        pair.send(get("/big"))
        XCTAssertTrue(pair.run(reading: false) { pair.readAvailable(); return !pair.received.isEmpty })
        XCTAssertLessThan(pair.received.count, Self.bigBytes, "the socket took the whole response in one write")
        pair.send(get("/fast"))
        XCTAssertTrue(pair.run { pair.responses.count == 2 })
        XCTAssertEqual(pair.responses[0].body, Self.bigBody)
        XCTAssertEqual(pair.responses[1].bodyText, "fast")
        pair.closeClient()
    }

    func testAStalledResponseIsCutOffAtItsSendDeadlineOnTheInjectedClock() throws {
        let pair = try SocketPairLoop(router: router(), sendBuffer: 4096) {
            $0.sendTimeout = .seconds(5)
            $0.idleTimeout = .seconds(60)
        }
        pair.send(get("/big"))
        for _ in 0..<5 { pair.turn() }  // the client does not read: the output stalls
        pair.clock.advance(by: .seconds(4))
        for _ in 0..<5 { pair.turn() }
        XCTAssertEqual(pair.openConnections, 1, "closed before the send deadline")
        pair.clock.advance(by: .seconds(2))
        XCTAssertTrue(pair.run(turns: 5, reading: false) { pair.openConnections == 0 }, "open past the send deadline")
        pair.readAvailable()
        XCTAssertTrue(pair.sawEndOfFile)
        XCTAssertLessThan(pair.received.count, Self.bigBytes)
    }

    func testAResponseThatKeepsMovingIsNotCutOffByTheIdleTimeout() throws {
        let pair = try SocketPairLoop(router: router(), sendBuffer: 4096) {
            $0.sendTimeout = .seconds(3600)
            $0.idleTimeout = .seconds(5)
        }
        pair.send(get("/big"))
        // Every read lets the server write more: progress restarts the stall timer.
        var rounds = 0
        while pair.responses.isEmpty && rounds < 500 {
            pair.clock.advance(by: .seconds(1))
            pair.run(turns: 2) { false }
            rounds += 1
        }
        XCTAssertGreaterThan(rounds, 5, "the response went out within one idle timeout")
        XCTAssertEqual(pair.responses.first?.body, Self.bigBody)
        XCTAssertEqual(pair.openConnections, 1)
        pair.closeClient()
    }
}
