import HTTPServer
import Logging
import PolicyStore
import XCTest

@testable import NetpolService

/// The stack routes in process: write-through cache, conditional requests, problem+json for
/// store failures.
final class StackRouteTests: RouteTestCase {
    let stack = "/v1/namespaces/team/lokistacks/dev"
    let json = ("Content-Type", "application/json")

    func testPutFillsThePolicyCacheAndGetAnswersFromItWithIfNoneMatch() async throws {
        let put = await send(.put, stack, headers: [json], body: stackInput())
        XCTAssertEqual(put.response.status.code, 201, text(put.response))

        let get = await send(.get, stack + "/policies", headers: [("Accept", "application/yaml")])
        XCTAssertEqual(get.response.status.code, 200, text(get.response))
        XCTAssertTrue(get.inline, "answered from memory on the calling thread, no hop off the loop")
        XCTAssertEqual(store.currentRevisionReadCount, 0, "the PUT filled the cache (write-through): no store read")
        XCTAssertEqual(get.response.headers["Content-Type"], "application/yaml")
        XCTAssertEqual(get.response.headers["Vary"], "Accept")
        XCTAssertTrue(text(get.response).contains("kind: NetworkPolicy"), text(get.response))
        let etag = try XCTUnwrap(get.response.headers["ETag"])
        XCTAssertTrue(etag.hasPrefix("\"sha256:"), etag)

        let json = await send(.get, stack + "/policies")
        XCTAssertEqual(json.response.headers["ETag"], etag, "one tag for both representations")
        XCTAssertTrue(text(json.response).hasPrefix("{\"digest\":"), text(json.response))

        let notModified = await send(.get, stack + "/policies", headers: [("If-None-Match", etag)])
        XCTAssertEqual(notModified.response.status.code, 304)
        XCTAssertTrue(notModified.response.body.isEmpty)
        XCTAssertEqual(notModified.response.headers["ETag"], etag)
    }

    func testACachedEntryIsReplacedByTheNextRevision() async throws {
        _ = await send(.put, stack, headers: [json], body: stackInput(rules: true))
        let first = await send(.get, stack + "/policies")
        _ = await send(.put, stack, headers: [json], body: stackInput(rules: false))
        let second = await send(.get, stack + "/policies")
        XCTAssertNotEqual(first.response.headers["ETag"], second.response.headers["ETag"])
        XCTAssertTrue(text(second.response).contains("\"revision\":2"), text(second.response))
        XCTAssertEqual(store.currentRevisionReadCount, 0)
    }

    func testAFailedIfMatchIsA412ProblemAndWritesNothing() async throws {
        let put = await send(.put, stack, headers: [json], body: stackInput())
        let etag = try XCTUnwrap(put.response.headers["ETag"])

        let stale = await send(.put, stack, headers: [json, ("If-Match", "\"not-the-tag\"")], body: stackInput(rules: false))
        XCTAssertEqual(stale.response.status.code, 412)
        XCTAssertEqual(stale.response.headers["Content-Type"], "application/problem+json")
        XCTAssertTrue(text(stale.response).contains("\"type\":\"urn:lokinetpol:problem:precondition-failed\""))
        let invalid = await send(.put, stack, headers: [json, ("If-None-Match", "*")], body: "{")
        XCTAssertEqual(invalid.response.status.code, 412, "the precondition is evaluated before the body is read")
        XCTAssertEqual(store.upsertCount, 1, "the early check answered both: no write was sent to the store")

        let current = await send(.get, stack)
        XCTAssertEqual(current.response.headers["ETag"], etag, "nothing was written")
    }

    func testAnUnavailableStoreIsA503ProblemWithRetryAfter() async throws {
        store.fail(with: .unavailable("disk I/O error"))
        let get = await send(.get, stack, headers: [("X-Request-Id", "req-1")])
        XCTAssertEqual(get.response.status.code, 503)
        XCTAssertEqual(get.response.headers["Content-Type"], "application/problem+json")
        XCTAssertEqual(get.response.headers["Retry-After"], "1")
        XCTAssertEqual(get.response.headers["X-Request-Id"], "req-1")
        let body = text(get.response)
        XCTAssertTrue(body.contains("\"type\":\"urn:lokinetpol:problem:unavailable\""), body)
        XCTAssertTrue(body.contains("\"instance\":\"\(stack)\""), body)
        XCTAssertFalse(body.contains("disk"), "the cause is logged, not answered")
        XCTAssertEqual(service.metrics.databaseErrorsTotal, 1)
    }

    func testAWriteSummarisedAgainstAStaleGuessIsSummarisedAgainWhatTheStoreReturnsAndSentAgain() async throws {
        // Another replica over the same store creates the stack: this service has no guess of
        // its current revision and summarises its write as a first one ("created: …").
        let replica = NetpolService(store: store, logger: Logger(label: "replica") { _ in SwiftLogNoOpLogHandler() })
        let created = replica.makeRouter(serverMetrics: nil).handle(
            HTTPRequest(
                method: .put, target: stack, headers: HTTPHeaders([("Host", "localhost"), json]),
                body: Array(stackInput(rules: true).utf8)),
            context: RequestContext())
        guard case .deferred(let work) = created else { return XCTFail("a write leaves the event loop") }
        let first = await work()
        XCTAssertEqual(first.status.code, 201, text(first))

        let put = await send(.put, stack, headers: [json], body: stackInput(rules: false))
        XCTAssertEqual(put.response.status.code, 200, text(put.response))
        XCTAssertEqual(store.upsertCount, 3, "one write by the replica, then one stale and one accepted")
        let stored = try await store.currentRevision(namespace: "team", name: "dev")
        let current = try XCTUnwrap(stored)
        XCTAssertEqual(current.summary.number, 2)
        XCTAssertEqual(current.summary.changeSummary, "removed ruler-allow-alert-egress", "against revision 1")
    }

    func testAWriteStillStaleAfterTheConfiguredAttemptsIsA503WithRetryAfter() async throws {
        var configuration = NetpolService.Configuration()
        configuration.summaryAttempts = 3
        service = NetpolService(
            store: store, logger: Logger(label: "routes") { _ in SwiftLogNoOpLogHandler() }, configuration: configuration)
        router = service.makeRouter(serverMetrics: nil)
        store.answerEveryUpsertStale()

        let put = await send(.put, stack, headers: [json], body: stackInput())
        XCTAssertEqual(put.response.status.code, 503, text(put.response))
        XCTAssertEqual(put.response.headers["Retry-After"], "1")
        XCTAssertTrue(text(put.response).contains("\"type\":\"urn:lokinetpol:problem:unavailable\""), text(put.response))
        XCTAssertEqual(store.upsertCount, 3, "each attempt summarised again and sent, then no more")
        let get = await send(.get, stack)
        XCTAssertEqual(get.response.status.code, 404, "nothing was written")
    }

    func testACorruptStoreIsA500NamingTheRequestId() async throws {
        store.fail(with: .corrupt("bad row"))
        let get = await send(.get, stack + "/revisions", headers: [("X-Request-Id", "req-2")])
        XCTAssertEqual(get.response.status.code, 500)
        let body = text(get.response)
        XCTAssertTrue(body.contains("\"type\":\"urn:lokinetpol:problem:internal-error\""), body)
        XCTAssertTrue(body.contains("req-2"), body)
        XCTAssertFalse(body.contains("bad row"), body)
    }

    func testABadCursorIsA400NotADatabaseError() async throws {
        store.fail(with: .badCursor)
        let list = await send(.get, "/v1/lokistacks?cursor=zzz")
        XCTAssertEqual(list.response.status.code, 400)
        XCTAssertTrue(text(list.response).contains("cursor is not valid for this listing"))
        XCTAssertEqual(service.metrics.databaseErrorsTotal, 0)
    }
}
