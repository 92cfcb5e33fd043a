import XCTest

@testable import HTTPServer

final class EntityTagTests: XCTestCase {
    func testConditionOfFieldLines() {
        let table: [([String], EntityTagCondition)] = [
            ([], .absent),
            (["*"], .any),
            ([" * "], .any),
            (["\"a\""], .tags([EntityTag("\"a\"")!])),
            (["\"a\", W/\"b\"", "\"c\""], .tags([EntityTag("\"a\"")!, EntityTag("W/\"b\"")!, EntityTag("\"c\"")!])),
            ([", \"a\" ,,"], .tags([EntityTag("\"a\"")!])),
            (["\"a\" \"b\""], .malformed),
            (["a"], .malformed),
            (["*, \"a\""], .malformed),
            (["\"a"], .malformed),
            ([""], .malformed),
        ]
        for (values, expected) in table {
            XCTAssertEqual(EntityTagCondition(fieldValues: values), expected, "\(values)")
        }
    }

    func testDescriptionAndComparisons() throws {
        let weak = try XCTUnwrap(EntityTag(" W/\"x\" "))
        let strong = try XCTUnwrap(EntityTag("\"x\""))
        XCTAssertEqual(weak.description, "W/\"x\"")
        XCTAssertEqual(strong.description, "\"x\"")
        XCTAssertTrue(weak.hasSameOpaqueTag(as: strong))
        XCTAssertFalse(weak.isStronglyEqual(to: strong))
        XCTAssertTrue(strong.isStronglyEqual(to: EntityTag("\"x\"")!))
        XCTAssertNil(EntityTag("\"x\"\"y\""))
        XCTAssertNil(EntityTag("\"a\u{7F}\""))
    }

    func testTrimmingOWS() {
        XCTAssertEqual(Substring(" \t a b \t").trimmingOWS(), "a b")
        XCTAssertEqual(Substring(" \t ").trimmingOWS(), "")
        XCTAssertEqual(Substring("\u{A0}x").trimmingOWS(), "\u{A0}x")
    }
}
