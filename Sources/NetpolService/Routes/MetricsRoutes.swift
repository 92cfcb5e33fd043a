import HTTPServer

/// `GET /metrics`: Prometheus text exposition (format 0.0.4).
extension NetpolService {
    func addMetricsRoutes(to router: inout Router, serverMetrics: HTTPServerMetrics?) {
        router.add(.get, "/metrics") { [self] _, _ in
            .response(
                HTTPResponse(
                    status: .ok, headers: HTTPHeaders([("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]),
                    body: Array(metrics.prometheusText(server: serverMetrics, pool: store.poolStatistics).utf8)))
        }
    }
}
