import XCTest

@testable import HTTPServer

final class AcceptNegotiationTests: XCTestCase {
    private let offers = ["application/json", "application/yaml", "text/plain"]

    private func preferred(_ accept: [String]) -> String? {
        AcceptNegotiation.preferred(acceptValues: accept, offers: offers) { $0 }
    }

    func testTable() {
        let table: [([String], String?)] = [
            ([], "application/json"),
            (["*/*"], "application/json"),
            (["application/yaml"], "application/yaml"),
            (["APPLICATION/YAML"], "application/yaml"),
            (["text/*"], "text/plain"),
            (["application/yaml;q=0.5, application/json;q=0.4"], "application/yaml"),
            (["application/*;q=0.5, application/json;q=0"], "application/yaml"),
            (["*/*;q=0.1, text/plain"], "text/plain"),
            (["application/json;q=0.5", "application/yaml;q=0.5"], "application/json"),
            (["image/png"], nil),
            (["*/*;q=0"], nil),
            (["nonsense"], "application/json"),
            (["*/json"], "application/json"),
            (["application/yaml; charset=utf-8; q=0.9, */*;q=0.1"], "application/yaml"),
            (["application/yaml;q=2"], "application/json"),
        ]
        for (accept, expected) in table {
            XCTAssertEqual(preferred(accept), expected, "\(accept)")
        }
    }

    func testRequestOverloadReadsEveryAcceptLine() {
        let request = HTTPRequest(
            method: .get, target: "/", headers: HTTPHeaders([("Accept", "image/png"), ("Accept", "text/plain")]))
        XCTAssertEqual(AcceptNegotiation.preferred(request, offers: offers) { $0 }, "text/plain")
    }

    func testQualityValues() {
        let table: [(String, Int?)] = [
            ("1", 1000), ("0", 0), ("0.5", 500), ("0.123", 123), ("1.000", 1000), ("1.001", nil), ("0.1234", nil),
            ("", nil), ("2", nil), (".5", nil), ("0.", 0), ("0.a", nil),
        ]
        for (text, expected) in table {
            XCTAssertEqual(MediaRange.parseQuality(Substring(text)), expected, text)
        }
    }
}
