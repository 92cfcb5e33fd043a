import XCTest

@testable import HTTPServer

/// RFC 9110 §13.1.2 and the comparison table of §8.8.3.2.
final class ConditionalTests: XCTestCase {
    private func request(_ fields: [(String, String)]) -> HTTPRequest {
        HTTPRequest(method: .get, target: "/", headers: HTTPHeaders([("Host", "h")] + fields))
    }

    func testComparisonTableOfRFC9110() {
        // ETag 1, ETag 2, strong comparison, weak comparison (RFC 9110 §8.8.3.2).
        let table: [(String, String, Bool, Bool)] = [
            ("W/\"1\"", "W/\"1\"", false, true),
            ("W/\"1\"", "W/\"2\"", false, false),
            ("W/\"1\"", "\"1\"", false, true),
            ("\"1\"", "\"1\"", true, true),
        ]
        for (header, current, strong, weak) in table {
            XCTAssertEqual(EntityTag(header)?.isStronglyEqual(to: EntityTag(current)!), strong, "strong: \(header) vs \(current)")
            XCTAssertEqual(HTTPConditional.ifNoneMatchMatches(request([("If-None-Match", header)]), etag: current), weak,
                           "If-None-Match: \(header) vs \(current)")
        }
    }

    func testIfNoneMatch() {
        let etag = "\"sha256:abc\""
        let table: [([(String, String)], Bool, String)] = [
            ([], false, "absent"),
            ([("If-None-Match", "*")], true, "any"),
            ([("If-None-Match", " * ")], true, "any with OWS"),
            ([("If-None-Match", "\"sha256:abc\"")], true, "same"),
            ([("If-None-Match", "W/\"sha256:abc\"")], true, "weak matches strong (weak comparison)"),
            ([("If-None-Match", "\"x\", \"sha256:abc\"")], true, "in a list"),
            ([("If-None-Match", "\"x\" ,, W/\"sha256:abc\" ,")], true, "list with empty elements"),
            ([("If-None-Match", "\"x\""), ("If-None-Match", "\"sha256:abc\"")], true, "over two field lines"),
            ([("If-None-Match", "\"x\", \"y\"")], false, "not listed"),
            ([("If-None-Match", "\"SHA256:ABC\"")], false, "case matters"),
            ([("If-None-Match", "sha256:abc")], false, "unquoted is malformed: ignored"),
            ([("If-None-Match", "\"sha256:abc")], false, "unterminated is malformed: ignored"),
            ([("If-None-Match", "\"x\" \"sha256:abc\"")], false, "missing comma is malformed: ignored"),
            ([("If-None-Match", "w/\"sha256:abc\"")], false, "lower-case w/ is malformed"),
            ([("If-None-Match", "*, \"x\"")], false, "* inside a list is malformed"),
            ([("If-None-Match", "")], false, "empty is malformed"),
        ]
        for (fields, expected, name) in table {
            XCTAssertEqual(HTTPConditional.ifNoneMatchMatches(request(fields), etag: etag), expected, name)
        }
        XCTAssertTrue(HTTPConditional.ifNoneMatchMatches(request([("If-None-Match", "\"1\"")]), etag: "W/\"1\""),
                      "weak current tag")
        XCTAssertFalse(HTTPConditional.ifNoneMatchMatches(request([("If-None-Match", "\"1\"")]), etag: "garbage"))
    }
}
