import Synchronization

/// Request metrics of an HTTP server: requests by (method, route, status), a latency histogram
/// and the number of open connections. Recording takes one uncontended lock of the calling
/// event loop's shard; `snapshot()` merges the shards.
///
/// A handler registered for one route resolves that route's ``RouteSeries`` once, when it is
/// registered (`routeSeries(_:)`), and records with it: a request then finds its counter by
/// index, without hashing its labels.
///
/// Create one, hand it to `StandardMiddleware.metrics(_:)` and to `HTTPServer.init(…, metrics:)`
/// (which keeps `openConnections`), and render `snapshot().prometheusText(prefix:)` on `/metrics`.
public final class HTTPServerMetrics: Sendable {
    /// Default histogram upper bounds in seconds (Prometheus `le` values; `+Inf` is implied).
    public static let defaultLatencyBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// The route label of requests that matched no route.
    public static let unmatchedRoute = "unmatched"

    /// The method label of requests whose method is not one of `standardMethods`: any token is
    /// a valid method, so labelling by the token itself would let clients mint series at will.
    public static let otherMethod = "other"

    /// The methods counted under their own name (RFC 9110 §9 plus PATCH).
    public static let standardMethods: Set<HTTPMethod> = Set(standardMethodsByFrequency)

    /// ``standardMethods``, the most frequent first: the order `methodLabel` compares in
    /// (no hashing per request).
    private static let standardMethodsByFrequency: [HTTPMethod] = [
        .get, .head, .put, .post, .delete, .patch, .options, .trace, .connect,
    ]

    /// The method label of `method`: its token when standard, else `otherMethod`.
    public static func methodLabel(_ method: HTTPMethod) -> String {
        methodLabel(index: methodIndex(method))
    }

    /// The index of `method` in `standardMethodsByFrequency`, or its count for any other method.
    @inline(__always)
    private static func methodIndex(_ method: HTTPMethod) -> Int {
        for (index, standard) in standardMethodsByFrequency.enumerated() where standard == method { return index }
        return standardMethodsByFrequency.count
    }

    /// The method label of a `methodIndex(_:)` value.
    private static func methodLabel(index: Int) -> String {
        index < standardMethodsByFrequency.count ? standardMethodsByFrequency[index].rawValue : otherMethod
    }

    /// Histogram upper bounds in seconds, ascending.
    public let latencyBuckets: [Double]
    private let boundsNanoseconds: [UInt64]
    private let shards: [Shard]
    /// The route label of each ``RouteSeries``, by its index; appended to only by `routeSeries(_:)`.
    private let seriesRoutes = Mutex<[String]>([])
    private let open = Atomic<Int>(0)
    private let rejected = Atomic<UInt64>(0)
    private let failedHandshakes = Atomic<Int>(0)

    /// A recorder with the given histogram upper bounds (seconds; sorted, duplicates and
    /// non-positive values dropped).
    public init(latencyBuckets: [Double] = HTTPServerMetrics.defaultLatencyBuckets) {
        let bounds = Array(Set(latencyBuckets.filter { $0 > 0 && $0.isFinite })).sorted()
        self.latencyBuckets = bounds
        boundsNanoseconds = bounds.map { UInt64(min($0 * 1e9, 1.8e19)) }
        shards = (0..<16).map { _ in Shard(bucketCount: bounds.count + 1) }
    }

    /// Records one answered request, labelled by `methodLabel(method)` and the route pattern
    /// (`unmatchedRoute` when nil): the number of series is bounded by the routes.
    public func recordRequest(method: HTTPMethod, route: String?, status: Int, durationNanoseconds: UInt64) {
        let key = RequestKey(method: Self.methodLabel(method), route: route ?? Self.unmatchedRoute, status: status)
        let bucket = bucketIndex(durationNanoseconds)
        shards[ThreadShard.current(count: shards.count)].state.withLock { data in
            data.requests[key, default: 0] &+= 1
            data.observe(bucket: bucket, durationNanoseconds: durationNanoseconds)
        }
    }

    /// The counters of requests answered under `route` (`unmatchedRoute` when nil), to be
    /// resolved once — when the handler of the route is registered — and used by every
    /// `recordRequest(method:series:status:durationNanoseconds:)` of that handler. The same
    /// route gives the same series.
    public func routeSeries(_ route: String?) -> RouteSeries {
        let label = route ?? Self.unmatchedRoute
        return seriesRoutes.withLock { routes in
            if let index = routes.firstIndex(of: label) { return RouteSeries(index: index, route: label) }
            routes.append(label)
            return RouteSeries(index: routes.count - 1, route: label)
        }
    }

    /// Records one answered request of `series`'s route, labelled by `methodLabel(method)`:
    /// counted exactly as `recordRequest(method:route:status:durationNanoseconds:)` with the
    /// series' route counts it, with no hashing (a few comparisons in the shard's slots).
    public func recordRequest(method: HTTPMethod, series: RouteSeries, status: Int, durationNanoseconds: UInt64) {
        let bucket = bucketIndex(durationNanoseconds)
        let methodIndex = Self.methodIndex(method)
        guard let slotKey = RouteSlots.key(methodIndex: methodIndex, status: status) else {
            // A status no slot key holds: counted by its labels.
            let key = RequestKey(method: Self.methodLabel(index: methodIndex), route: series.route, status: status)
            shards[ThreadShard.current(count: shards.count)].state.withLock { data in
                data.requests[key, default: 0] &+= 1
                data.observe(bucket: bucket, durationNanoseconds: durationNanoseconds)
            }
            return
        }
        shards[ThreadShard.current(count: shards.count)].state.withLock { data in
            if !data.routeSlots.increment(series: series.index, key: slotKey) {
                let key = RequestKey(method: Self.methodLabel(index: methodIndex), route: series.route, status: status)
                data.requests[key, default: 0] &+= 1
            }
            data.observe(bucket: bucket, durationNanoseconds: durationNanoseconds)
        }
    }

    /// The histogram bucket of a duration: the first bound at or above it, else `+Inf`'s.
    @inline(__always)
    private func bucketIndex(_ durationNanoseconds: UInt64) -> Int {
        for (index, bound) in boundsNanoseconds.enumerated() where durationNanoseconds <= bound { return index }
        return boundsNanoseconds.count
    }

    /// Connections currently open (TLS handshakes included, rejected ones not).
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// Counts a connection in unless `limit` connections are already open; false when full.
    func admitConnection(limit: Int) -> Bool {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        if now > limit {
            open.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// TLS handshakes that failed (bad client hello, no common cipher or group, plain HTTP on
    /// the TLS port, a peer that closed mid-handshake).
    public var tlsHandshakeFailures: Int { failedHandshakes.load(ordering: .relaxed) }

    /// Counts a failed TLS handshake.
    func recordFailedHandshake() {
        failedHandshakes.wrappingAdd(1, ordering: .relaxed)
    }

    /// Counts a connection out.
    func connectionClosed() {
        open.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Connections refused since start: over `maxConnections` (answered 503 and closed, or
    /// closed without a handshake on TLS) or arriving while the server drains.
    public var rejectedConnections: UInt64 { rejected.load(ordering: .relaxed) }

    /// Counts a refused connection.
    func connectionRejected() {
        rejected.add(1, ordering: .relaxed)
    }

    /// A consistent-enough copy of every counter (each shard is read under its lock).
    public func snapshot() -> Snapshot {
        var requests: [RequestKey: UInt64] = [:]
        var buckets = [UInt64](repeating: 0, count: latencyBuckets.count + 1)
        var sum: UInt64 = 0
        var bySeries: [(series: Int, key: UInt64, count: UInt64)] = []
        for shard in shards {
            shard.state.withLock { data in
                requests.merge(data.requests, uniquingKeysWith: &+)
                data.routeSlots.forEach { bySeries.append(($0, $1, $2)) }
                for index in buckets.indices { buckets[index] &+= data.buckets[index] }
                sum &+= data.sumNanoseconds
            }
        }
        // Read after the shards: every series counted in them was registered before, so its
        // route is here even when it was registered while this snapshot was being taken.
        let routes = seriesRoutes.withLock { $0 }
        for (series, key, count) in bySeries {
            let labels = RequestKey(
                method: Self.methodLabel(index: RouteSlots.methodIndex(of: key)), route: routes[series],
                status: RouteSlots.status(of: key))
            requests[labels, default: 0] &+= count
        }
        var cumulative: [UInt64] = []
        var running: UInt64 = 0
        for count in buckets {
            running &+= count
            cumulative.append(running)
        }
        let histogram = LatencyHistogram(
            upperBounds: latencyBuckets, cumulativeCounts: cumulative,
            sumSeconds: Double(sum) / 1e9, count: running)
        return Snapshot(
            requests: requests, latency: histogram, openConnections: openConnections,
            rejectedConnections: rejectedConnections)
    }

    /// One shard: touched by one event loop (or, rarely, by deferred work hashed onto it).
    private final class Shard: Sendable {
        let state: Mutex<ShardData>
        init(bucketCount: Int) {
            state = Mutex(ShardData(buckets: [UInt64](repeating: 0, count: bucketCount)))
        }
    }

    private struct ShardData: Sendable {
        /// Requests recorded by their labels (and those of a series whose slots are full).
        var requests: [RequestKey: UInt64] = [:]
        /// Requests recorded by ``RouteSeries``.
        var routeSlots = RouteSlots()
        var buckets: [UInt64]
        var sumNanoseconds: UInt64 = 0

        /// Adds a request's duration to the histogram.
        @inline(__always)
        mutating func observe(bucket: Int, durationNanoseconds: UInt64) {
            buckets[bucket] &+= 1
            sumNanoseconds &+= durationNanoseconds
        }
    }

    /// One route's request counters, from `routeSeries(_:)`: its index in every shard's
    /// ``RouteSlots`` and its route label.
    public struct RouteSeries: Sendable {
        let index: Int
        let route: String
    }

    /// The labels of the request counter.
    public struct RequestKey: Hashable, Sendable {
        /// A standard method token or `HTTPServerMetrics.otherMethod`.
        public var method: String
        /// The route pattern, or `HTTPServerMetrics.unmatchedRoute`.
        public var route: String
        public var status: Int

        public init(method: String, route: String, status: Int) {
            self.method = method
            self.route = route
            self.status = status
        }
    }

    /// Point-in-time values of every metric.
    public struct Snapshot: Sendable {
        /// Requests answered, by (method, route, status).
        public var requests: [RequestKey: UInt64]
        public var latency: LatencyHistogram
        public var openConnections: Int
        /// Connections refused since start (see `HTTPServerMetrics.rejectedConnections`).
        public var rejectedConnections: UInt64

        /// Prometheus text exposition (format 0.0.4) of `<prefix>_requests_total{method,route,status}`,
        /// `<prefix>_request_duration_seconds` (histogram), `<prefix>_open_connections` and
        /// `<prefix>_rejected_connections_total`.
        public func prometheusText(prefix: String) -> String {
            var writer = PrometheusTextWriter()
            let requestsTotal = prefix + "_requests_total"
            writer.family(requestsTotal, type: .counter, help: "HTTP requests answered, by method, route pattern and status.")
            let keys = requests.keys.sorted {
                ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status)
            }
            for key in keys {
                writer.sample(
                    requestsTotal, labels: [("method", key.method), ("route", key.route), ("status", String(key.status))],
                    value: requests[key] ?? 0)
            }
            let duration = prefix + "_request_duration_seconds"
            writer.family(duration, type: .histogram, help: "Time from reading a request to its response being ready.")
            for (index, bound) in latency.upperBounds.enumerated() {
                writer.sample(duration + "_bucket", labels: [("le", "\(bound)")], value: latency.cumulativeCounts[index])
            }
            writer.sample(duration + "_bucket", labels: [("le", "+Inf")], value: latency.count)
            writer.sample(duration + "_sum", value: latency.sumSeconds)
            writer.sample(duration + "_count", value: latency.count)
            writer.metric(
                prefix + "_open_connections", type: .gauge, help: "Client connections currently open.",
                value: openConnections)
            writer.metric(
                prefix + "_rejected_connections_total", type: .counter,
                help: "Connections refused (over the connection limit or during shutdown).", value: rejectedConnections)
            return writer.text
        }
    }
}

/// A latency histogram with Prometheus-style cumulative buckets.
public struct LatencyHistogram: Sendable, Equatable {
    /// Upper bounds (seconds), ascending; the implicit last bucket is `+Inf`.
    public var upperBounds: [Double]
    /// Observations ≤ each bound, then the total for `+Inf` (so one more element than bounds).
    public var cumulativeCounts: [UInt64]
    /// Sum of all observations in seconds.
    public var sumSeconds: Double
    /// Number of observations.
    public var count: UInt64
}
