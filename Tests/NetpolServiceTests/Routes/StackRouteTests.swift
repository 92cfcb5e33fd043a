import Foundation
import HTTPServer
import Logging
import PolicyCore
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
        XCTAssertEqual(get.response.value(of: "Content-Type"), "application/yaml")
        XCTAssertEqual(get.response.value(of: "Vary"), "Accept")
        XCTAssertTrue(text(get.response).contains("kind: NetworkPolicy"), text(get.response))
        let etag = try XCTUnwrap(get.response.value(of: "ETag"))
        XCTAssertTrue(etag.hasPrefix("\"sha256:"), etag)

        let json = await send(.get, stack + "/policies")
        XCTAssertEqual(json.response.value(of: "ETag"), etag, "one tag for both representations")
        XCTAssertTrue(text(json.response).hasPrefix("{\"digest\":"), text(json.response))

        let notModified = await send(.get, stack + "/policies", headers: [("If-None-Match", etag)])
        XCTAssertEqual(notModified.response.status.code, 304)
        XCTAssertTrue(notModified.response.body.isEmpty)
        XCTAssertEqual(notModified.response.value(of: "ETag"), etag)
    }

    /// The cached read looks the path up unchecked: a path whose names are not DNS-1123
    /// labels still gets the 404 naming the rule (after negotiation's 406), from the store's
    /// read, while a stack is cached.
    func testPoliciesOfAnImpossibleStackAre404WhileTheCacheHoldsStacks() async throws {
        let put = await send(.put, stack, headers: [json], body: stackInput())
        XCTAssertEqual(put.response.status.code, 201, text(put.response))
        for path in ["/v1/namespaces/team/lokistacks/Dev/policies", "/v1/namespaces/Team/lokistacks/dev/policies",
                     "/v1/namespaces/team/lokistacks/dev-/policies"] {
            let get = await send(.get, path)
            XCTAssertEqual(get.response.status.code, 404, path)
            XCTAssertTrue(text(get.response).contains("DNS-1123 labels"), text(get.response))
            let notAcceptable = await send(.get, path, headers: [("Accept", "text/html")])
            XCTAssertEqual(notAcceptable.response.status.code, 406, path)
        }
        XCTAssertEqual(store.currentRevisionReadCount, 0, "refused before any store read")
        let hit = await send(.get, stack + "/policies")
        XCTAssertEqual(hit.response.status.code, 200)
        XCTAssertTrue(hit.inline)
    }

    /// A cache hit is answered on the calling thread without a task, yet behind the whole
    /// pipeline: authentication and authorization, negotiation, conditional requests, the
    /// access log and the request metrics.
    func testACacheHitAnsweredInlineIsAuthorizedNegotiatedLoggedAndCounted() async throws {
        let secret = "lnp_test_inline_cache_hit_0123456789abcdef"
        let tokens = NSTemporaryDirectory() + "inline-tokens-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: tokens) }
        try """
            tokens:
              - name: reader
                sha256: \(SHA256Digest.hex(Array(secret.utf8)))
                scopes: [read, write]
                namespaces: ["team"]

            """.write(toFile: tokens, atomically: true, encoding: .utf8)
        var configuration = NetpolService.Configuration()
        configuration.security.tokens = try TokenRegistry(path: tokens)
        let pipe = Pipe()
        let sink = LogSink(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        let logger = Logger(label: "routes") { _ in SwiftLogNoOpLogHandler() }
        service = NetpolService(store: store, logger: logger, accessLog: sink, configuration: configuration)
        let metrics = HTTPServerMetrics()
        router = service.makeRouter(serverMetrics: metrics)
        let bearer = ("Authorization", "Bearer \(secret)")
        let policies = stack + "/policies"

        let put = await send(.put, stack, headers: [bearer, json], body: stackInput())
        XCTAssertEqual(put.response.status.code, 201, text(put.response))
        let hit = await send(.get, policies, headers: [bearer, ("Accept", "application/yaml")])
        XCTAssertEqual(hit.response.status.code, 200, text(hit.response))
        XCTAssertTrue(hit.inline)
        XCTAssertEqual(hit.response.value(of: "Content-Type"), "application/yaml")
        XCTAssertNotNil(hit.response.value(of: "X-Request-Id"))
        let etag = try XCTUnwrap(hit.response.value(of: "ETag"))
        let head = await send(.head, policies, headers: [bearer])
        XCTAssertEqual(head.response.status.code, 200)
        XCTAssertEqual(head.response.value(of: "ETag"), etag)
        let notModified = await send(.get, policies, headers: [bearer, ("If-None-Match", etag)])
        XCTAssertEqual(notModified.response.status.code, 304)
        let notAcceptable = await send(.get, policies, headers: [bearer, ("Accept", "text/html")])
        XCTAssertEqual(notAcceptable.response.status.code, 406, text(notAcceptable.response))
        let anonymous = await send(.get, policies)
        XCTAssertEqual(anonymous.response.status.code, 401, text(anonymous.response))
        let otherNamespace = await send(.get, "/v1/namespaces/other/lokistacks/dev/policies", headers: [bearer])
        XCTAssertEqual(otherNamespace.response.status.code, 403, text(otherNamespace.response))
        XCTAssertEqual(store.currentRevisionReadCount, 0, "every answer came from the cache or before it")

        let route = NetpolService.stackPattern + "/policies"
        let counted = metrics.snapshot().requests
        XCTAssertEqual(counted[.init(method: "GET", route: route, status: 200)], 1)
        XCTAssertEqual(counted[.init(method: "HEAD", route: route, status: 200)], 1)
        XCTAssertEqual(counted[.init(method: "GET", route: route, status: 304)], 1)
        XCTAssertEqual(counted[.init(method: "GET", route: route, status: 406)], 1)
        XCTAssertEqual(counted[.init(method: "GET", route: route, status: 401)], 1)
        XCTAssertEqual(counted[.init(method: "GET", route: route, status: 403)], 1)

        sink.shutdown()
        try pipe.fileHandleForWriting.close()
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = log.split(separator: "\n").filter { $0.contains("\"route\":\"\(route)\"") }
        XCTAssertEqual(lines.count, 6, log)
        XCTAssertEqual(lines.filter { $0.contains("\"identity\":\"reader\"") }.count, 5, log)
        XCTAssertTrue(lines[0].contains("\"status\":\"200\""), String(lines[0]))
        XCTAssertFalse(log.contains(secret), "the secret is never logged")
    }

    func testACachedEntryIsReplacedByTheNextRevision() async throws {
        _ = await send(.put, stack, headers: [json], body: stackInput(rules: true))
        let first = await send(.get, stack + "/policies")
        _ = await send(.put, stack, headers: [json], body: stackInput(rules: false))
        let second = await send(.get, stack + "/policies")
        XCTAssertNotEqual(first.response.value(of: "ETag"), second.response.value(of: "ETag"))
        XCTAssertTrue(text(second.response).contains("\"revision\":2"), text(second.response))
        XCTAssertEqual(store.currentRevisionReadCount, 0)
    }

    func testAFailedIfMatchIsA412ProblemAndWritesNothing() async throws {
        let put = await send(.put, stack, headers: [json], body: stackInput())
        let etag = try XCTUnwrap(put.response.value(of: "ETag"))

        let stale = await send(.put, stack, headers: [json, ("If-Match", "\"not-the-tag\"")], body: stackInput(rules: false))
        XCTAssertEqual(stale.response.status.code, 412)
        XCTAssertEqual(stale.response.value(of: "Content-Type"), "application/problem+json")
        XCTAssertTrue(text(stale.response).contains("\"type\":\"urn:lokinetpol:problem:precondition-failed\""))
        let invalid = await send(.put, stack, headers: [json, ("If-None-Match", "*")], body: "{")
        XCTAssertEqual(invalid.response.status.code, 412, "the precondition is evaluated before the body is read")
        XCTAssertEqual(store.upsertCount, 1, "the early check answered both: no write was sent to the store")

        let current = await send(.get, stack)
        XCTAssertEqual(current.response.value(of: "ETag"), etag, "nothing was written")
    }

    func testAnUnavailableStoreIsA503ProblemWithRetryAfter() async throws {
        store.fail(with: .unavailable("disk I/O error"))
        let get = await send(.get, stack, headers: [("X-Request-Id", "req-1")])
        XCTAssertEqual(get.response.status.code, 503)
        XCTAssertEqual(get.response.value(of: "Content-Type"), "application/problem+json")
        XCTAssertEqual(get.response.value(of: "Retry-After"), "1")
        XCTAssertEqual(get.response.value(of: "X-Request-Id"), "req-1")
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
        XCTAssertEqual(put.response.value(of: "Retry-After"), "1")
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
