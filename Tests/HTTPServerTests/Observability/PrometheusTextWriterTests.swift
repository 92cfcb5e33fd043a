import XCTest

@testable import HTTPServer

final class PrometheusTextWriterTests: XCTestCase {
    func testFamiliesSamplesAndEscaping() {
        var writer = PrometheusTextWriter()
        writer.family("app_jobs_total", type: .counter, help: "Jobs\\run\nsince start.")
        writer.sample("app_jobs_total", labels: [("queue", "a\"b\\c\nd"), ("kind", "x")], value: 3)
        writer.metric("app_up", type: .gauge, help: "Up.", value: 1)
        writer.append(exposition: "other 2\n")
        XCTAssertEqual(
            writer.text,
            """
            # HELP app_jobs_total Jobs\\\\run\\nsince start.
            # TYPE app_jobs_total counter
            app_jobs_total{queue="a\\"b\\\\c\\nd",kind="x"} 3
            # HELP app_up Up.
            # TYPE app_up gauge
            app_up 1
            other 2

            """)
    }
}
