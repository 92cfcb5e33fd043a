import Synchronization
import SystemSupport
import XCTest

@testable import HTTPServer

final class AccessLogEntryTests: XCTestCase {
    func testAccessLogEntryFormatsMillisecondsWithThreeDecimals() {
        func entry(_ nanoseconds: UInt64) -> String {
            AccessLogEntry(
                requestID: "r", method: .get, path: "/", route: nil, identity: nil, status: 200, bytes: 0,
                durationNanoseconds: nanoseconds
            ).durationMilliseconds
        }
        XCTAssertEqual(entry(412_999), "0.412")
        XCTAssertEqual(entry(12_000_000), "12.000")
        XCTAssertEqual(entry(1_005_000), "1.005")
        XCTAssertEqual(entry(0), "0.000")
    }

    func testTheHookGetsOneEntryPerAnsweredRequestInlineAndDeferred() async {
        let entries = Mutex<[AccessLogEntry]>([])
        var router = Router()
        router.use(StandardMiddleware.accessLog(to: { entry in entries.withLock { $0.append(entry) } }))
        router.add(.get, "/things/{id}") { _, _ in .response(.text(.ok, "thing")) }
        router.add(.put, "/things/{id}") { _, _ in .deferred { .text(.created, "made") } }
        var context = RequestContext(requestID: "r1", identity: "alice", startNanoseconds: MonotonicClock.now())
        _ = router.handle(HTTPRequest(method: .get, target: "/things/1?x=y"), context: context)
        context.requestID = "r2"
        guard case .deferred(let work) = router.handle(HTTPRequest(method: .put, target: "/things/2"), context: context)
        else { return XCTFail("the PUT was not deferred") }
        XCTAssertEqual(entries.withLock { $0.count }, 1, "logged before the work finished")
        _ = await work()
        let logged = entries.withLock { $0 }
        XCTAssertEqual(logged.map(\.requestID), ["r1", "r2"])
        XCTAssertEqual(logged.map(\.path), ["/things/1", "/things/2"])
        XCTAssertEqual(logged.map(\.route), ["/things/{id}", "/things/{id}"])
        XCTAssertEqual(logged.map(\.status), [200, 201])
        XCTAssertEqual(logged.map(\.bytes), [5, 4])
        XCTAssertEqual(logged.map(\.identity), ["alice", "alice"])
        XCTAssertEqual(logged.map(\.method), [.get, .put])
    }
}
