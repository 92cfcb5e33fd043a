import Foundation
import HTTPServer
import Logging
import XCTest

/// A server on 127.0.0.1 with an ephemeral port and short test timeouts, plus the routes the
/// live tests use.
final class LiveServer: @unchecked Sendable {
    let server: HTTPServer
    let port: Int
    let metrics: HTTPServerMetrics

    /// Starts a server with `router` (default `LiveServer.testRouter()`), 2 event loops and
    /// `configure` applied to the configuration.
    init(
        router: Router = LiveServer.testRouter(),
        metrics: HTTPServerMetrics = HTTPServerMetrics(),
        logger: Logger? = nil,
        configure: (inout HTTPServerConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.eventLoops = 2
        configuration.shutdownGracePeriod = .seconds(3)
        configure(&configuration)
        var quiet = Logger(label: "live-test")
        quiet.logLevel = .critical
        self.metrics = metrics
        server = try HTTPServer(
            configuration: configuration, router: router, logger: logger ?? quiet, metrics: metrics)
        port = try server.start()
    }

    func stop() async {
        await server.shutdown()
    }

    /// Routes: `GET /hello` → "hello"; `POST /echo` → the body; `GET /deferred?ms=N` → "deferred N"
    /// after sleeping N ms off the loop; `GET /big?bytes=N` → N bytes; `GET /bye` → a response
    /// carrying `Connection: close`; `GET /id` → the request id the handler saw.
    static func testRouter() -> Router {
        var router = Router()
        router.use(StandardMiddleware.requestID)
        router.add(.get, "/hello") { _, _ in .response(.text(.ok, "hello")) }
        router.add(.post, "/echo") { request, _ in
            .response(HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body))
        }
        router.add(.get, "/deferred") { _, context in
            let milliseconds = Int(context.query("ms") ?? "") ?? 0
            return .deferred {
                try? await Task.sleep(for: .milliseconds(milliseconds))
                return .text(.ok, "deferred \(milliseconds)")
            }
        }
        router.add(.get, "/big") { _, context in
            let count = Int(context.query("bytes") ?? "") ?? 0
            var body = [UInt8](repeating: 0, count: max(0, count))
            body.withUnsafeMutableBufferPointer { bytes in
                for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index % 251) }
            }
            return .response(HTTPResponse(status: .ok, body: body))
        }
        router.add(.get, "/bye") { _, _ in
            .response(HTTPResponse(status: .ok, headers: ["Connection": "close"], body: Array("bye".utf8)))
        }
        router.add(.get, "/id") { _, context in .response(.text(.ok, context.requestID)) }
        return router
    }
}

/// Raw request text helpers.
enum RawRequest {
    static func get(_ path: String, _ extraHeaders: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: test\r\n\(extraHeaders)\r\n"
    }
}
