import XCTest

@testable import HTTPServer

final class ConnectionTimerPolicyTests: XCTestCase {
    private let second: UInt64 = 1_000_000_000

    private func policy() -> ConnectionTimerPolicy {
        ConnectionTimerPolicy(
            timeouts: .init(
                handshake: 10 * second, idle: 60 * second, header: 10 * second, body: 30 * second, send: 20 * second,
                linger: 2 * second))
    }

    func testAHeaderDeadlineIsNotExtendedWhileTheSameHeadKeepsArriving() {
        var timer = policy()
        XCTAssertEqual(timer.arm(.header, now: 0), .schedule(at: 10 * second))
        XCTAssertEqual(timer.arm(.header, now: 5 * second), .keep)
        XCTAssertEqual(timer.expire(now: 10 * second), .requestTimeout)
    }

    func testANewRequestGetsItsOwnHeaderDeadline() {
        var timer = policy()
        _ = timer.arm(.header, now: 0)
        timer.requestDispatched()
        XCTAssertEqual(timer.arm(.header, now: 4 * second), .schedule(at: 14 * second))
    }

    func testTheIdleDeadlineMovesWithRequestsWithoutTouchingTheWheel() {
        var timer = policy()
        XCTAssertEqual(timer.arm(.idle, now: 0), .schedule(at: 60 * second))
        timer.requestDispatched()
        XCTAssertEqual(timer.arm(.idle, now: 30 * second), .keep)
        XCTAssertEqual(timer.expire(now: 60 * second), .rearm(at: 90 * second))
        XCTAssertEqual(timer.expire(now: 90 * second), .close)
    }

    func testStalledOutputClosesAtTheSendDeadlineWhenItComesFirst() {
        var timer = policy()
        timer.responseQueued(now: 0)
        XCTAssertEqual(timer.arm(.writeStall, now: 0), .schedule(at: 20 * second))
        // Progress re-arms the stall timer but does not move the send deadline.
        timer.outputProgressed()
        XCTAssertEqual(timer.arm(.writeStall, now: 15 * second), .schedule(at: 20 * second))
        XCTAssertEqual(timer.expire(now: 20 * second), .close)
    }

    func testTheNextResponseGetsAFreshSendDeadline() {
        var timer = policy()
        timer.responseQueued(now: 0)
        timer.responseQueued(now: 5 * second)  // behind the first: no deadline of its own yet
        XCTAssertEqual(timer.arm(.writeStall, now: 5 * second), .schedule(at: 20 * second))
        timer.responseSent(now: 18 * second)
        timer.outputProgressed()
        XCTAssertEqual(timer.arm(.writeStall, now: 18 * second), .schedule(at: 38 * second))
        timer.outputDrained()
        timer.responseQueued(now: 100 * second)
        timer.outputProgressed()
        XCTAssertEqual(timer.arm(.writeStall, now: 100 * second), .schedule(at: 120 * second))
    }

    func testStalledOutputWithoutASendDeadlineClosesAfterTheIdleTimeout() {
        var timer = policy()
        XCTAssertEqual(timer.arm(.writeStall, now: 0), .schedule(at: 60 * second))
    }

    func testNothingToWaitForCancelsAndAnExpiryThenIsIgnored() {
        var timer = policy()
        _ = timer.arm(.idle, now: 0)
        XCTAssertEqual(timer.arm(.none, now: 1), .cancel)
        XCTAssertEqual(timer.expire(now: 100 * second), .ignore)
    }

    func testHandshakeAndLingerClose() {
        var timer = policy()
        XCTAssertEqual(timer.arm(.handshake, now: 0), .schedule(at: 10 * second))
        XCTAssertEqual(timer.expire(now: 10 * second), .close)
        XCTAssertEqual(timer.arm(.linger, now: 0), .schedule(at: 2 * second))
        XCTAssertEqual(timer.expire(now: 2 * second), .close)
    }
}
