import HTTPServer
import PolicyStore

/// `/healthz` (liveness), `/readyz` (the database is usable), `/openapi.yaml`.
extension NetpolService {
    /// The OpenAPI document, embedded at build time.
    public static let openAPIDocument: [UInt8] = PackageResources.openapi_yaml

    func addHealthRoutes(to routes: inout RouteTable) {
        routes.add(.get, "/healthz") { _, _ throws(ServiceError) in
            HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", MediaType.json.contentType)]),
                body: Array(#"{"status":"ok"}"#.utf8))
        }
        routes.add(.get, "/readyz", readiness)
        routes.add(.get, "/openapi.yaml") { _, _ throws(ServiceError) in
            HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", MediaType.yaml.contentType)]),
                body: NetpolService.openAPIDocument)
        }
    }

    /// 200 when the store answers, else 503 (problem+json, the cause in the detail and the
    /// log); 503 as well once the service is draining after a shutdown signal.
    func readiness(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        if draining.load(ordering: .relaxed) {
            throw .unavailable("the service is shutting down")
        }
        do throws(StoreError) {
            try await store.checkReady()
        } catch {
            metrics.recordDatabaseError()
            logger.warning("not ready", metadata: ["requestId": "\(context.requestID)", "error": "\(error)"])
            throw .unavailable("the database is not usable: \(error)")
        }
        return HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", MediaType.json.contentType)]),
            body: Array(#"{"status":"ready"}"#.utf8))
    }
}
