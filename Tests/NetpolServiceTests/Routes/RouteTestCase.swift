import HTTPServer
import Logging
import XCTest

@testable import NetpolService

/// In-process route tests: the service's router over a ``StoreDouble``, requests handed to it
/// directly (no socket, no server process). Without tokens, as a local instance runs: requests
/// name `Host: localhost`.
class RouteTestCase: XCTestCase {
    var store: StoreDouble!
    var service: NetpolService!
    var router: Router!

    override func setUpWithError() throws {
        store = try StoreDouble()
        service = NetpolService(store: store, logger: Logger(label: "routes") { _ in SwiftLogNoOpLogHandler() })
        router = service.makeRouter(serverMetrics: nil)
    }

    override func tearDown() {
        router = nil
        service = nil
        store = nil
    }

    /// What the router answers, and whether it answered at once (on the event loop, no hop);
    /// the response's epilogue (its access line and metrics) run, as the server runs it once
    /// the response is written.
    func send(
        _ method: HTTPMethod, _ target: String, headers: [(String, String)] = [], body: String = ""
    ) async -> (response: HTTPResponse, inline: Bool) {
        let request = HTTPRequest(
            method: method, target: target, headers: HTTPHeaders([("Host", "localhost")] + headers),
            body: Array(body.utf8))
        switch router.handle(request, context: RequestContext()) {
        case .response(let response):
            response.epilogue?.run()
            return (response, true)
        case .deferred(let work):
            let response = await work()
            response.epilogue?.run()
            return (response, false)
        }
    }

    /// The input of a small stack `namespace/name` (JSON envelope).
    func stackInput(_ name: String = "dev", namespace: String = "team", rules: Bool = true) -> String {
        """
        {"lokistack":{"apiVersion":"loki.grafana.com/v1","kind":"LokiStack","metadata":{"name":"\(name)","namespace":"\(namespace)"},\
        "spec":{"size":"1x.small","rules":{"enabled":\(rules)},"storage":{"secret":{"name":"s3","type":"s3"}},\
        "tenants":{"mode":"openshift-logging"}}},"objectStorage":{"endpoint":"https://s3.example.com"},\
        "cluster":{"platform":"openshift","openshiftVersion":"4.20"}}
        """
    }

    /// The body as text.
    func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }
}
