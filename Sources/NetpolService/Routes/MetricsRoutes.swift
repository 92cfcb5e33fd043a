import HTTPServer

/// `GET /metrics`: Prometheus text exposition (format 0.0.4).
extension NetpolService {
    func addMetricsRoutes(to routes: inout RouteTable, serverMetrics: HTTPServerMetrics?) {
        routes.add(.get, "/metrics") { [self] _, _ throws(ServiceError) in
            HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]),
                body: Array(metrics.prometheusText(server: serverMetrics, pool: store.base.poolStatistics).utf8))
        }
    }
}
