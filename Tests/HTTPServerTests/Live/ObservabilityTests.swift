import Foundation
import HTTPServer
import Logging
import Synchronization
import XCTest
import HTTPTestSupport

/// Metrics recorder, Prometheus text, access log and request-id middleware on a live server.
final class ObservabilityTests: XCTestCase {
    private func observedRouter(metrics: HTTPServerMetrics, logger: Logger) -> Router {
        var router = Router()
        router.use(StandardMiddleware.requestID)
        router.use(StandardMiddleware.accessLog(logger))
        router.use(StandardMiddleware.metrics(metrics))
        router.add(.get, "/items/{id}") { _, context in .response(.text(.ok, context.parameters["id"] ?? "")) }
        router.add(.post, "/items") { _, _ in .response(HTTPResponse(status: .created)) }
        router.add(.get, "/slow") { _, _ in
            .deferred {
                try? await Task.sleep(for: .milliseconds(30))
                return .text(.ok, "slow")
            }
        }
        return router
    }

    func testRequestsAreCountedByMethodRoutePatternAndStatusWithLatencies() async throws {
        let metrics = HTTPServerMetrics(latencyBuckets: [0.01, 0.02, 1])
        let lines = CapturedLog()
        let live = try LiveServer(router: observedRouter(metrics: metrics, logger: lines.logger), metrics: metrics)
        let client = try HTTPTestClient(connectingTo: live.port)
        client.send(RawRequest.get("/items/1") + RawRequest.get("/items/2") + RawRequest.get("/nothing") + RawRequest.get("/slow")
            + "POST /items HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n" + "DELETE /items/3 HTTP/1.1\r\nHost: t\r\n\r\n")
        for _ in 0..<6 { _ = try client.readResponse() }

        let snapshot = metrics.snapshot()
        typealias Key = HTTPServerMetrics.RequestKey
        XCTAssertEqual(snapshot.requests, [
            Key(method: "GET", route: "/items/{id}", status: 200): 2,
            Key(method: "GET", route: HTTPServerMetrics.unmatchedRoute, status: 404): 1,
            Key(method: "GET", route: "/slow", status: 200): 1,
            Key(method: "POST", route: "/items", status: 201): 1,
            Key(method: "DELETE", route: "/items/{id}", status: 405): 1,
        ])
        XCTAssertEqual(snapshot.latency.count, 6)
        XCTAssertEqual(snapshot.latency.upperBounds, [0.01, 0.02, 1])
        XCTAssertEqual(snapshot.latency.cumulativeCounts.count, 4)
        XCTAssertEqual(snapshot.latency.cumulativeCounts.last, 6)
        XCTAssertEqual(snapshot.latency.cumulativeCounts, snapshot.latency.cumulativeCounts.sorted(), "cumulative")
        XCTAssertLessThanOrEqual(snapshot.latency.cumulativeCounts[1], 5, "the 30 ms deferred request is above 20 ms")
        XCTAssertGreaterThanOrEqual(snapshot.latency.sumSeconds, 0.03)
        XCTAssertEqual(snapshot.openConnections, 1)

        let text = snapshot.prometheusText(prefix: "lokinetpol_http")
        XCTAssertTrue(text.contains("lokinetpol_http_requests_total{method=\"GET\",route=\"/items/{id}\",status=\"200\"} 2\n"), text)
        XCTAssertTrue(text.contains("# TYPE lokinetpol_http_request_duration_seconds histogram\n"))
        XCTAssertTrue(text.contains("lokinetpol_http_request_duration_seconds_bucket{le=\"+Inf\"} 6\n"))
        XCTAssertTrue(text.contains("lokinetpol_http_request_duration_seconds_count 6\n"))
        XCTAssertTrue(text.contains("lokinetpol_http_open_connections 1\n"))
        await live.stop()
    }

    func testAccessLogWritesOneLinePerRequestWithIDMethodPathStatusBytesAndDuration() async throws {
        let metrics = HTTPServerMetrics()
        let lines = CapturedLog()
        let live = try LiveServer(router: observedRouter(metrics: metrics, logger: lines.logger), metrics: metrics)
        let client = try HTTPTestClient(connectingTo: live.port)
        client.send(RawRequest.get("/items/abc", "X-Request-Id: trace-1\r\n") + RawRequest.get("/slow") + RawRequest.get("/missing"))
        let responses = try (0..<3).map { _ in try client.readResponse() }
        let logged = lines.messages
        XCTAssertEqual(logged.count, 3)
        XCTAssertEqual(logged.first, logged.first.map { $0.replacingOccurrences(of: "\n", with: "") }, "one line")
        let pattern = #"^request_id=(\S+) method=GET path=(\S+) status=(\d{3}) bytes=(\d+) duration_ms=([0-9.]+)$"#
        var seen: [String] = []
        for line in logged {
            let match = try XCTUnwrap(line.firstMatch(of: try Regex(pattern)), line)
            seen.append("\(match.output[1].substring ?? "") \(match.output[2].substring ?? "") \(match.output[3].substring ?? "") \(match.output[4].substring ?? "")")
        }
        XCTAssertEqual(seen.sorted(), [
            "\(responses[1].header("X-Request-Id") ?? "?") /slow 200 4",
            "\(responses[2].header("X-Request-Id") ?? "?") /missing 404 \(responses[2].body.count)",
            "trace-1 /items/abc 200 3",
        ].sorted())
        await live.stop()
    }

    func testRequestsTheServerAnswersItselfAreLoggedAtDebugLevel() async throws {
        let lines = CapturedLog()
        let live = try LiveServer(logger: lines.logger)
        let bad = try HTTPTestClient.roundTrip(port: live.port, "GET /hello HTTP/1.1\r\n\r\n")
        XCTAssertEqual(bad.status, 400)
        let id = try XCTUnwrap(bad.header("X-Request-Id"))
        XCTAssertEqual(lines.entries.filter { $0.message == "request answered by the server" }.map(\.metadata), [
            "reason=missing Host header request_id=\(id) status=400"
        ])
        await live.stop()
    }

    func testRequestIDMiddlewareWorksWithoutAServer() {
        var router = Router()
        router.use(StandardMiddleware.requestID)
        router.add(.get, "/") { _, context in .response(.text(.ok, context.requestID)) }
        guard case .response(let generated) = router.handle(HTTPRequest(method: .get, target: "/"), context: RequestContext()) else {
            return XCTFail("inline response expected")
        }
        let id = generated.headers["X-Request-Id"] ?? ""
        XCTAssertFalse(id.isEmpty)
        XCTAssertEqual(String(decoding: generated.body, as: UTF8.self), id)
        let request = HTTPRequest(method: .get, target: "/", headers: ["X-Request-Id": "given"])
        guard case .response(let echoed) = router.handle(request, context: RequestContext()) else {
            return XCTFail("inline response expected")
        }
        XCTAssertEqual(echoed.headers["X-Request-Id"], "given")
    }

    func testSaneRequestIDRule() {
        let cases: [(String, Bool)] = [
            ("abc", true), ("A-Z_0.9~:+/=@", true), (String(repeating: "x", count: 128), true),
            ("", false), (String(repeating: "x", count: 129), false), ("a b", false), ("a\"b", false),
            ("é", false), ("a;b", false), ("a,b", false), ("a\tb", false),
        ]
        for (value, sane) in cases {
            XCTAssertEqual(StandardMiddleware.isSaneRequestID(value), sane, value)
        }
    }

    func testLabelValuesAreEscapedInPrometheusText() {
        let metrics = HTTPServerMetrics()
        metrics.recordRequest(method: .get, route: "/a\"b\\c\nd", status: 200, durationNanoseconds: 1_000)
        let text = metrics.snapshot().prometheusText(prefix: "x")
        XCTAssertTrue(text.contains(#"x_requests_total{method="GET",route="/a\"b\\c\nd",status="200"} 1"#), text)
    }
}

/// A log handler that keeps messages in memory.
final class CapturedLog: Sendable {
    /// A logged message with its metadata as sorted `key=value` pairs.
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: String
    }

    private let storage = Mutex<[Entry]>([])

    var entries: [Entry] { storage.withLock { $0 } }

    /// Messages logged at info level or above (the access log's level).
    var messages: [String] { entries.filter { $0.level >= .info }.map(\.message) }

    var logger: Logger {
        Logger(label: "captured") { _ in Handler(sink: self) }
    }

    fileprivate func append(_ entry: Entry) {
        storage.withLock { $0.append(entry) }
    }

    private struct Handler: LogHandler {
        let sink: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let pairs = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            sink.append(Entry(level: event.level, message: event.message.description, metadata: pairs))
        }
    }
}
