import HTTPServer
import XCTest

@testable import NetpolService

/// When the pipeline records an answered request (metrics; the access log goes the same way).
final class RequestPipelineTests: RouteTestCase {
    private let stack = "/v1/namespaces/team/lokistacks/dev"

    private func requests(
        _ metrics: HTTPServerMetrics, _ method: String = "GET", status: Int, route: String
    ) -> UInt64? {
        metrics.snapshot().requests[.init(method: method, route: route, status: status)]
    }

    /// An answer made on the event loop leaves its recording to the response's epilogue, which
    /// the server runs once the response is written: nothing is counted before it runs.
    func testAnInlineAnswerIsRecordedByItsEpilogue() async throws {
        let metrics = HTTPServerMetrics()
        router = service.makeRouter(serverMetrics: metrics)
        let put = await send(.put, stack, headers: [("Content-Type", "application/json")], body: stackInput())
        XCTAssertEqual(put.response.status.code, 201, text(put.response))
        let route = NetpolService.stackPattern + "/policies"

        let request = HTTPRequest(method: .get, target: stack + "/policies", headers: ["Host": "localhost"])
        guard case .response(let response) = router.handle(request, context: RequestContext()) else {
            return XCTFail("a cache hit is answered inline")
        }
        XCTAssertEqual(response.status.code, 200)
        let epilogue = try XCTUnwrap(response.epilogue, "the recording waits for the write")
        XCTAssertNil(requests(metrics, status: 200, route: route), "not counted before the response is written")
        epilogue.run()
        XCTAssertEqual(requests(metrics, status: 200, route: route), 1)
    }

    /// An answer of deferred work is recorded when the work ends: its response has no epilogue.
    func testADeferredAnswerIsRecordedWhenItsWorkEnds() async throws {
        let metrics = HTTPServerMetrics()
        router = service.makeRouter(serverMetrics: metrics)
        let request = HTTPRequest(
            method: .put, target: stack, headers: ["Host": "localhost", "Content-Type": "application/json"],
            body: Array(stackInput().utf8))
        guard case .deferred(let work) = router.handle(request, context: RequestContext()) else {
            return XCTFail("a write is deferred work")
        }
        let response = await work()
        XCTAssertEqual(response.status.code, 201)
        XCTAssertNil(response.epilogue)
        XCTAssertEqual(requests(metrics, "PUT", status: 201, route: NetpolService.stackPattern), 1)
    }
}
