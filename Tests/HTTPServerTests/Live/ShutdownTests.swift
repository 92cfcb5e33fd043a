import Foundation
import Glibc
import HTTPServer
import Logging
import XCTest
import HTTPTestSupport

/// Graceful shutdown: in-flight work completes, idle connections close, new ones are refused.
final class ShutdownTests: XCTestCase {
    func testShutdownLetsInFlightDeferredRequestFinishThenStops() async throws {
        let live = try LiveServer()
        let busy = try HTTPTestClient(connectingTo: live.port)
        busy.send(RawRequest.get("/deferred?ms=400"))
        let idle = try HTTPTestClient(connectingTo: live.port)
        idle.send(RawRequest.get("/hello"))
        XCTAssertEqual(try idle.readResponse().status, 200)
        try await Task.sleep(for: .milliseconds(50))

        let started = Date()
        let shutdown = Task { await live.stop() }
        XCTAssertTrue(idle.waitForClose(timeout: 1), "idle connections close at once")
        let response = try busy.readResponse()
        XCTAssertEqual(response.text, "deferred 400")
        XCTAssertEqual(response.header("Connection"), "close")
        await shutdown.value
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.3)
        XCTAssertThrowsError(try HTTPTestClient(connectingTo: live.port), "no longer listening")
    }

    func testShutdownClosesWhatIsLeftAfterTheGracePeriod() async throws {
        let live = try LiveServer { $0.shutdownGracePeriod = .milliseconds(300) }
        let stuck = try HTTPTestClient(connectingTo: live.port)
        stuck.send(RawRequest.get("/deferred?ms=5000"))
        try await Task.sleep(for: .milliseconds(50))
        let started = Date()
        await live.stop()
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.5)
        XCTAssertTrue(stuck.waitForClose(timeout: 1))
    }

    func testSIGTERMEndsWaitForShutdownSignal() async throws {
        func handlerAddress() -> Int {
            var current = sigaction()
            sigaction(SIGTERM, nil, &current)
            return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
        }
        let inherited = handlerAddress()
        let live = try LiveServer()
        let waiter = Task { await live.server.waitForShutdownSignal() }
        // Signal only once the server's handler replaced the inherited one (the default would
        // end the test run). The handler is process-wide: this is the only test that installs it.
        try await waitUntil(timeout: 5) { handlerAddress() != inherited }
        XCTAssertEqual(try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/hello")).status, 200)
        kill(getpid(), SIGTERM)
        try await waitUntil(timeout: 5) { (try? HTTPTestClient(connectingTo: live.port)) == nil }
        await live.stop()  // no-op once stopped; ends the wait if the signal was missed
        await waiter.value
    }

    func testStartFailsClearlyWhenThePortIsTaken() async throws {
        let live = try LiveServer()
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: live.port)
        configuration.eventLoops = 1
        let second = try HTTPServer(configuration: configuration, router: Router(), logger: Logger(label: "t"))
        XCTAssertThrowsError(try second.start()) { error in
            guard case HTTPServerError.bindFailed(let address, let reason) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(address, "127.0.0.1:\(live.port)")
            XCTAssertTrue(reason.contains("in use"), reason)
        }
        await live.stop()
    }

    func testListensOnAHostNameAndRejectsABadPort() async throws {
        let live = try LiveServer { $0.host = "localhost" }
        XCTAssertEqual(try HTTPTestClient.roundTrip(port: live.port, RawRequest.get("/hello")).status, 200)
        await live.stop()
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 70000)
        configuration.eventLoops = 1
        XCTAssertThrowsError(try HTTPServer(configuration: configuration, router: Router(), logger: Logger(label: "t"))) {
            XCTAssertEqual($0 as? HTTPServerError, .invalidConfiguration("port 70000 is outside 0…65535"))
        }
    }

    func testStartIsFast() async throws {
        let started = ContinuousClock.now
        let live = try LiveServer()
        XCTAssertLessThan(ContinuousClock.now - started, .milliseconds(100))
        await live.stop()
    }
}
