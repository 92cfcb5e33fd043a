import XCTest

@testable import HTTPServer

final class HTTPHeadersTests: XCTestCase {
    func testCaseInsensitiveAccessKeepsOrderAndSpelling() {
        var headers: HTTPHeaders = ["Content-Type": "a"]
        headers.add("X-Tag", "1")
        headers.add("x-tag", "2")
        XCTAssertEqual(headers["content-type"], "a")
        XCTAssertEqual(headers["X-TAG"], "1", "first value")
        XCTAssertEqual(headers.values("x-Tag"), ["1", "2"])
        XCTAssertTrue(headers.contains("CONTENT-type"))
        XCTAssertNil(headers["Content-Typ"])
        XCTAssertNil(headers["x-tab"], "same length, one byte differs")
        XCTAssertNil(headers["Content-Tyqe"], "same length, differs after a case-folded match")
        XCTAssertEqual(headers.count(of: "X-TAG"), 2)
        XCTAssertFalse(headers.contains("Content-Types"))
        headers.set("X-TAG", "3")
        XCTAssertEqual(headers.map { "\($0.name)=\($0.value)" }, ["Content-Type=a", "X-TAG=3"], "replaced in place")
        headers.set("New", "n")
        XCTAssertEqual(headers.map(\.name), ["Content-Type", "X-TAG", "New"])
        headers.remove("content-TYPE")
        XCTAssertEqual(headers.map(\.name), ["X-TAG", "New"])
        XCTAssertEqual(headers.count, 2)
    }

    func testSetReplacesEveryFieldOfTheName() {
        var headers = HTTPHeaders([("A", "1"), ("a", "2"), ("A", "3"), ("B", "b"), ("a", "4")])
        headers.set("a", "new")
        XCTAssertEqual(headers.map { "\($0.name)=\($0.value)" }, ["a=new", "B=b"], "adjacent ones too")
        XCTAssertEqual(headers.count(of: "A"), 1)
        XCTAssertEqual(headers.values("b"), ["b"])
    }

    func testStatusReasonPhrases() {
        XCTAssertEqual(HTTPStatus(code: 413), .contentTooLarge)
        XCTAssertEqual(HTTPStatus(code: 431).reasonPhrase, "Request Header Fields Too Large")
        XCTAssertEqual(HTTPStatus(code: 299).reasonPhrase, "")
    }

    func testOccurrenceTellsNoneOneAndSeveralApart() {
        let headers = HTTPHeaders([("Accept", "a/b"), ("authorization", "Bearer x"), ("ACCEPT", "c/d"), ("Host", "h")])
        XCTAssertEqual(headers.occurrence(of: "Authorization"), .one("Bearer x"))
        XCTAssertEqual(headers.occurrence(of: "accept"), .several)
        XCTAssertEqual(headers.occurrence(of: "Age"), .absent)
        XCTAssertEqual(HTTPHeaders([("Host", "h"), ("Hosts", "x")]).occurrence(of: "Host"), .one("h"))
        XCTAssertEqual(HTTPHeaders().occurrence(of: "Host"), .absent)
        let bytes = { (value: UnsafeBufferPointer<UInt8>) in Array(value) }
        XCTAssertEqual(headers.occurrence(of: "AUTHORIZATION", reading: bytes), .one(Array("Bearer x".utf8)))
        XCTAssertEqual(headers.occurrence(of: "accept", reading: bytes), .several)
        XCTAssertEqual(headers.occurrence(of: "Age", reading: bytes), .absent)
    }

    func testNamePrefixIgnoresCaseAndNeedsTheWholePrefix() {
        XCTAssertTrue(HTTPHeaders.name("Impersonate-User", hasPrefix: "impersonate-"))
        XCTAssertTrue(HTTPHeaders.name("IMPERSONATE-", hasPrefix: "impersonate-"))
        XCTAssertFalse(HTTPHeaders.name("Impersonate", hasPrefix: "impersonate-"))
        XCTAssertFalse(HTTPHeaders.name("Impersonatex", hasPrefix: "impersonate-"))
        XCTAssertFalse(HTTPHeaders.name("Authorization", hasPrefix: "impersonate-"))
        XCTAssertFalse(HTTPHeaders([("Host", "h"), ("Impersonat", "x")]).containsName(withPrefix: "impersonate-"))
        XCTAssertTrue(HTTPHeaders([("Host", "h"), ("impersonate-group", "x")]).containsName(withPrefix: "impersonate-"))
        XCTAssertFalse(HTTPHeaders().containsName(withPrefix: "impersonate-"))
    }
}
