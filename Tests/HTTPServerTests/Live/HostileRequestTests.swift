import HTTPServer
import XCTest
import HTTPTestSupport

/// Runs `HostileRequestCorpus` against a live server: every case on its own connection,
/// statuses in order, close (or keep-alive) as required, and a normal request served afterwards.
final class HostileRequestTests: XCTestCase {
    func testCorpusHasAtLeastSixtyCases() {
        XCTAssertGreaterThanOrEqual(HostileRequestCorpus.cases.count, 60)
        XCTAssertEqual(Set(HostileRequestCorpus.cases.map(\.name)).count, HostileRequestCorpus.cases.count, "case names must be unique")
    }

    func testHostileRequestCorpus() async throws {
        let live = try LiveServer { $0.limits = HostileRequestCorpus.limits }
        for entry in HostileRequestCorpus.cases {
            check(entry, port: live.port)
        }
        await live.stop()
    }

    private func check(_ entry: HostileCase, port: Int) {
        let label = "[\(entry.name)]"
        do {
            let client = try HTTPTestClient(connectingTo: port)
            client.send(entry.bytes)
            var last: HTTPTestResponse?
            for (index, expected) in entry.statuses.enumerated() {
                let response = try client.readResponse()
                XCTAssertEqual(response.status, expected, "\(label) response \(index + 1): \(response.status) \(response.text)")
                last = response
            }
            if let body = entry.body {
                XCTAssertEqual(last?.text, body, "\(label) body")
            }
            if entry.closes {
                XCTAssertEqual(last?.header("Connection")?.lowercased(), "close", "\(label) announces close")
                XCTAssertTrue(client.waitForClose(timeout: 3), "\(label) connection must be closed")
                XCTAssertTrue(client.unreadBytes.isEmpty, "\(label) nothing after the last expected response")
            } else {
                client.send(RawRequest.get("/hello"))
                let followUp = try client.readResponse()
                XCTAssertEqual(followUp.status, 200, "\(label) connection stays usable")
            }
        } catch {
            XCTFail("\(label) \(error)")
        }
        do {
            let response = try HTTPTestClient.roundTrip(port: port, RawRequest.get("/hello"))
            XCTAssertEqual(response.status, 200, "\(label) server still serves afterwards")
        } catch {
            XCTFail("\(label) server no longer serves: \(error)")
        }
    }
}
