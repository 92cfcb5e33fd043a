import XCTest

@testable import HTTPServer

/// Requests recorded through a route's series count exactly as those recorded by their labels.
final class HTTPServerMetricsTests: XCTestCase {
    private typealias Key = HTTPServerMetrics.RequestKey

    /// Records the same requests by labels into one recorder and by series into another.
    private func recordBothWays(
        _ requests: [(HTTPMethod, String?, Int, UInt64)]
    ) -> (byLabels: HTTPServerMetrics, bySeries: HTTPServerMetrics) {
        let byLabels = HTTPServerMetrics(latencyBuckets: [0.001, 0.01])
        let bySeries = HTTPServerMetrics(latencyBuckets: [0.001, 0.01])
        for (method, route, status, nanoseconds) in requests {
            byLabels.recordRequest(method: method, route: route, status: status, durationNanoseconds: nanoseconds)
            bySeries.recordRequest(
                method: method, series: bySeries.routeSeries(route), status: status, durationNanoseconds: nanoseconds)
        }
        return (byLabels, bySeries)
    }

    func testSeriesCountLikeLabelsAndRenderTheSameText() {
        let requests: [(HTTPMethod, String?, Int, UInt64)] = [
            (.get, "/a/{id}", 200, 400_000), (.get, "/a/{id}", 200, 2_000_000), (.head, "/a/{id}", 200, 100),
            (.get, "/a/{id}", 304, 20_000_000), (.post, "/a", 201, 5), (HTTPMethod("BREW"), "/a", 400, 5),
            (.delete, "/a/{id}", 405, 7), (.get, nil, 404, 9), (.get, "/a/{id}", 200, 1),
        ]
        let (byLabels, bySeries) = recordBothWays(requests)
        let expected = byLabels.snapshot()
        let actual = bySeries.snapshot()
        XCTAssertEqual(actual.requests, expected.requests)
        XCTAssertEqual(actual.requests[Key(method: "GET", route: "/a/{id}", status: 200)], 3)
        XCTAssertEqual(actual.requests[Key(method: "HEAD", route: "/a/{id}", status: 200)], 1)
        XCTAssertEqual(actual.requests[Key(method: "other", route: "/a", status: 400)], 1)
        XCTAssertEqual(actual.requests[Key(method: "GET", route: "unmatched", status: 404)], 1)
        XCTAssertEqual(actual.latency, expected.latency)
        XCTAssertEqual(actual.prometheusText(prefix: "x"), expected.prometheusText(prefix: "x"))
    }

    func testARouteGivesOneSeries() {
        let metrics = HTTPServerMetrics()
        let first = metrics.routeSeries("/a")
        _ = metrics.routeSeries("/b")
        let again = metrics.routeSeries("/a")
        XCTAssertEqual(first.index, again.index)
        XCTAssertNotEqual(metrics.routeSeries("/b").index, first.index)
        XCTAssertEqual(metrics.routeSeries(nil).route, HTTPServerMetrics.unmatchedRoute)
    }

    /// Past its slots a series still counts every (method, status), by labels; a status no slot
    /// key holds too. Both add to what a series slot or a label recording counted.
    func testPairsBeyondTheSlotsAndOddStatusesAreStillCounted() {
        var requests: [(HTTPMethod, String?, Int, UInt64)] = []
        for status in 200..<(200 + RouteSlots.slotsPerSeries + 3) {
            requests.append((.get, "/a", status, 1))
            requests.append((.get, "/a", status, 1))
        }
        requests.append((.get, "/a", -1, 1))
        requests.append((.get, "/a", Int(UInt32.max) + 1, 1))
        let (byLabels, bySeries) = recordBothWays(requests)
        XCTAssertEqual(bySeries.snapshot().requests, byLabels.snapshot().requests)
        XCTAssertEqual(bySeries.snapshot().requests.count, RouteSlots.slotsPerSeries + 5)
        XCTAssertEqual(bySeries.snapshot().requests[Key(method: "GET", route: "/a", status: 210)], 2)

        // A route recorded both ways sums into one sample.
        let mixed = HTTPServerMetrics()
        mixed.recordRequest(method: .get, series: mixed.routeSeries("/a"), status: 400, durationNanoseconds: 1)
        mixed.recordRequest(method: .get, route: "/a", status: 400, durationNanoseconds: 1)
        XCTAssertEqual(mixed.snapshot().requests, [Key(method: "GET", route: "/a", status: 400): 2])
    }

    func testSlotKeysKeepMethodAndStatus() throws {
        for (method, status) in [(0, 200), (9, 0), (3, Int(UInt32.max))] {
            let key = try XCTUnwrap(RouteSlots.key(methodIndex: method, status: status))
            XCTAssertNotEqual(key, 0, "0 marks a free slot")
            XCTAssertEqual(RouteSlots.methodIndex(of: key), method)
            XCTAssertEqual(RouteSlots.status(of: key), status)
        }
        XCTAssertNil(RouteSlots.key(methodIndex: 0, status: -1))
        XCTAssertNil(RouteSlots.key(methodIndex: 0, status: Int(UInt32.max) + 1))
    }
}
