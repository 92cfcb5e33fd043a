import HTTPServer

/// What the request metrics and the access log resolve once for a route, when its handler is
/// registered, so that a request of the route neither hashes nor encodes the route's label
/// (an object: an answered request keeps it with one reference).
final class RouteObservation: Sendable {
    /// The route's request counters; nil without metrics.
    let series: HTTPServerMetrics.RouteSeries?
    /// The route's label as the access line writes it.
    let loggedRoute: AccessLog.Route

    /// The observation of requests the router matched to `pattern`.
    init(route pattern: String, metrics: HTTPServerMetrics?, accessLog: AccessLog) {
        series = metrics?.routeSeries(pattern)
        loggedRoute = accessLog.route(pattern)
    }
}
