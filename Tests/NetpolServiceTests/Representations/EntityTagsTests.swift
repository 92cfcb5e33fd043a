import HTTPServer
import PolicyStore
import XCTest

@testable import NetpolService

/// `If-Match` / `If-None-Match` field lines as a PUT, restore or DELETE states them, read by
/// ``EntityTags/storePrecondition(_:)`` and evaluated by the one function both precondition
/// checks call (RFC 9110 §13.1.1, §13.1.2; api.md "Conditional requests").
final class EntityTagsTests: XCTestCase {
    private func request(_ fields: [(String, String)]) -> HTTPRequest {
        HTTPRequest(method: .put, target: "/", headers: HTTPHeaders([("Host", "h")] + fields))
    }

    func testFieldLinesAgainstTheCurrentTag() {
        let table: [([(String, String)], String?, Bool, String)] = [
            ([], "\"a\"", true, "absent"),
            ([], nil, true, "absent, no stack"),
            ([("If-Match", "*")], "\"a\"", true, "any with a stack"),
            ([("If-Match", " * ")], nil, false, "any without a stack"),
            ([("If-Match", "\"a\"")], "\"a\"", true, "same"),
            ([("If-Match", "\"b\", \"a\"")], "\"a\"", true, "in a list"),
            ([("If-Match", "\"b\""), ("If-Match", "\"a\"")], "\"a\"", true, "over two field lines"),
            ([("If-Match", "\"b\"")], "\"a\"", false, "stale"),
            ([("If-Match", "W/\"a\"")], "\"a\"", false, "weak never matches strongly"),
            ([("If-Match", "\"a\"")], nil, false, "no stack"),
            ([("If-Match", "a")], "\"a\"", false, "malformed fails"),
            ([("If-Match", "\"a\", junk")], "\"a\"", false, "partly malformed fails"),
            ([("If-None-Match", "*")], nil, true, "create-only, no stack"),
            ([("If-None-Match", "*")], "\"a\"", false, "create-only, a stack"),
            ([("If-None-Match", "W/\"a\"")], "\"a\"", false, "weak comparison"),
            ([("If-None-Match", "\"x\" ,, \"a\" ,")], "\"a\"", false, "list with empty elements"),
            ([("If-None-Match", "\"x\", \"y\"")], "\"a\"", true, "not listed"),
            ([("If-None-Match", "\"A\"")], "\"a\"", true, "case matters"),
            ([("If-None-Match", "a")], "\"a\"", true, "malformed If-None-Match is ignored"),
            ([("If-None-Match", "*, \"x\"")], "\"a\"", true, "* inside a list is malformed: ignored"),
            ([("If-Match", "\"a\""), ("If-None-Match", "\"a\"")], "\"a\"", false, "both: If-None-Match fails"),
        ]
        for (fields, current, expected, name) in table {
            let precondition = EntityTags.storePrecondition(request(fields))
            XCTAssertEqual(precondition.isSatisfied(byCurrentETag: current), expected, "\(name): \(precondition)")
        }
    }
}
