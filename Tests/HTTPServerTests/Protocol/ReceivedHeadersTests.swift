import XCTest

@testable import HTTPServer

/// `HTTPHeaders` holding a request's fields as received (bytes and spans, Strings on demand):
/// the same answers as fields given as Strings.
final class ReceivedHeadersTests: XCTestCase {
    /// The headers of the one request in `fieldLines` (each line without CRLF).
    private func received(_ fieldLines: [[UInt8]]) throws -> HTTPHeaders {
        var bytes = Array("GET / HTTP/1.1\r\n".utf8)
        for line in fieldLines { bytes += line + [0x0D, 0x0A] }
        bytes += [0x0D, 0x0A]
        var parser = HTTPRequestParser()
        bytes.withUnsafeBytes { parser.append($0) }
        return try XCTUnwrap(try parser.nextRequest()).headers
    }

    private func received(_ fieldLines: [String]) throws -> HTTPHeaders {
        try received(fieldLines.map { Array($0.utf8) })
    }

    /// Field `index`'s value in `testLookupsOverManyFieldsFindEachInOrder`: lengths vary.
    private func value(_ index: Int) -> String {
        "value \(index)" + (index % 7 == 0 ? "" : " " + String(repeating: "v", count: index % 7))
    }

    func testLookupsOverManyFieldsFindEachInOrder() throws {
        // 80 fields of ~30 bytes: the storage grows several times past its first capacity.
        var lines = ["Host: example.com"]
        for index in 0..<80 { lines.append("X-Field-\(index): \(value(index))") }
        lines.append("x-FIELD-7: second")
        let headers = try received(lines)
        XCTAssertEqual(headers.count, 82)
        for index in 0..<80 {
            XCTAssertEqual(headers["x-field-\(index)"], value(index), "field \(index)")
        }
        XCTAssertEqual(headers.values("X-FIELD-7"), ["value 7", "second"])
        XCTAssertEqual(headers.count(of: "x-field-7"), 2)
        XCTAssertEqual(headers.occurrence(of: "X-Field-7"), .several)
        XCTAssertEqual(headers.occurrence(of: "x-field-79"), .one("value 79 vv"))
        XCTAssertEqual(headers.occurrence(of: "X-Field-80"), .absent)
        let bytes = { (value: UnsafeBufferPointer<UInt8>) in String(decoding: value, as: UTF8.self) }
        XCTAssertEqual(headers.occurrence(of: "X-FIELD-79", reading: bytes), .one("value 79 vv"))
        XCTAssertEqual(headers.occurrence(of: "x-field-0", reading: bytes), .one(value(0)), "the first field's bytes")
        XCTAssertEqual(headers.occurrence(of: "X-Field-7", reading: bytes), .several)
        XCTAssertEqual(headers.occurrence(of: "X-Field-80", reading: bytes), .absent)
        XCTAssertNil(headers["X-Field-"], "a prefix of a name is not the name")
        XCTAssertNil(headers["X-Field-79x"])
        XCTAssertTrue(headers.contains("HOST"))
        XCTAssertEqual(headers.map(\.name).prefix(3), ["Host", "X-Field-0", "X-Field-1"], "order and spelling as sent")
        XCTAssertEqual(headers.map(\.name).last, "x-FIELD-7")
        XCTAssertEqual(headers, HTTPHeaders(lines.map { line in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), String(line[line.index(colon, offsetBy: 2)...]))
        }), "equal to the same fields given as Strings")
    }

    func testALongFirstValueAndEmptyValuesKeepTheirBounds() throws {
        let long = String(repeating: "a", count: 2000)
        let headers = try received(["X-Long: \(long)", "X-Empty:", "Host: h", "X-Empty-Too: \t ", "Accept: application/yaml"])
        XCTAssertEqual(headers["x-long"], long)
        XCTAssertEqual(headers["X-Empty"], "")
        XCTAssertEqual(headers["X-Empty-Too"], "")
        XCTAssertEqual(headers["host"], "h")
        XCTAssertEqual(headers["Accept"], "application/yaml")
        XCTAssertEqual(headers.map(\.name), ["X-Long", "X-Empty", "Host", "X-Empty-Too", "Accept"])
    }

    func testObsTextIsKeptAsSentAndRepairedOnlyInStrings() throws {
        let headers = try received([
            Array("Host: h".utf8), Array("X-Latin: caf".utf8) + [0xE9], Array("X-Utf8: caf\u{E9}".utf8),
            Array("X-After: ok".utf8),
        ])
        XCTAssertEqual(headers["X-Latin"], "caf\u{FFFD}", "not UTF-8: U+FFFD")
        XCTAssertEqual(headers["X-Utf8"], "caf\u{E9}")
        XCTAssertEqual(headers["X-After"], "ok", "the next field starts after the obs-text byte")
        XCTAssertEqual(headers.count, 4)
    }

    func testNamePrefixOverReceivedFields() throws {
        XCTAssertFalse(try received(["Host: h", "Impersonat: x", "Accept: a"]).containsName(withPrefix: "impersonate-"))
        XCTAssertTrue(try received(["Host: h", "IMPERSONATE-User: x"]).containsName(withPrefix: "impersonate-"))
        XCTAssertTrue(try received(["impersonate-: x", "Host: h"]).containsName(withPrefix: "impersonate-"))
    }

    func testModifyingReceivedFieldsKeepsTheOthersAndLeavesCopiesAlone() throws {
        let parsed = try received(["Host: h", "X-Tag: 1", "Accept: a/b", "x-tag: 2"])
        var headers = parsed
        headers.set("X-TAG", "3")
        XCTAssertEqual(headers.map { "\($0.name)=\($0.value)" }, ["Host=h", "X-TAG=3", "Accept=a/b"])
        headers.add("New", "n")
        headers.remove("accept")
        XCTAssertEqual(headers.map { "\($0.name)=\($0.value)" }, ["Host=h", "X-TAG=3", "New=n"])
        XCTAssertEqual(headers["host"], "h")
        XCTAssertEqual(parsed.map { "\($0.name)=\($0.value)" }, ["Host=h", "X-Tag=1", "Accept=a/b", "x-tag=2"], "a copy")
        XCTAssertNotEqual(parsed, headers)
        var added = parsed
        added.add("Accept", "c/d")
        XCTAssertEqual(added.values("ACCEPT"), ["a/b", "c/d"])
        XCTAssertEqual(added.count, 5)
    }

    /// The parser writes a later request's fields into the storage of an earlier request's only
    /// once that request is gone.
    func testLaterRequestsOnAConnectionLeaveEarlierOnesAlone() throws {
        var parser = HTTPRequestParser()
        func next(_ head: String) throws -> HTTPRequest {
            Array(head.utf8).withUnsafeBytes { parser.append($0) }
            return try XCTUnwrap(try parser.nextRequest())
        }
        let kept = try next("GET /1 HTTP/1.1\r\nHost: one\r\nAccept: a/b\r\nX-Long: \(String(repeating: "x", count: 40))\r\n\r\n")
        let second = try next("GET /2 HTTP/1.1\r\nHost: two\r\nAccept: c/d\r\n\r\n")
        XCTAssertEqual(kept.headers, ["Host": "one", "Accept": "a/b", "X-Long": String(repeating: "x", count: 40)])
        XCTAssertEqual(second.headers, ["Host": "two", "Accept": "c/d"])
        for index in 0..<3 {
            // Each request dropped before the next: its storage is written again.
            let request = try next("GET /\(index) HTTP/1.1\r\nHost: h\(index)\r\n" + (index == 1 ? "" : "X-\(index): v\r\n") + "\r\n")
            XCTAssertEqual(request.headers, index == 1 ? ["Host": "h1"] : ["Host": "h\(index)", "X-\(index)": "v"])
        }
        let withoutFields = try next("GET / HTTP/1.0\r\n\r\n")
        XCTAssertTrue(withoutFields.headers.isEmpty)
        XCTAssertNil(withoutFields.headers["Host"])
    }

    func testEqualityComparesNamesAndValuesAcrossRepresentations() throws {
        let parsed = try received(["Host: h", "Accept: a/b"])
        XCTAssertEqual(parsed, ["Host": "h", "Accept": "a/b"])
        XCTAssertEqual(parsed, try received(["Host: h", "Accept:  a/b "]), "OWS is not part of the value")
        XCTAssertNotEqual(parsed, try received(["host: h", "Accept: a/b"]), "spelling of names as sent")
        XCTAssertNotEqual(parsed, try received(["Host: h", "Accept: a/c"]))
        XCTAssertNotEqual(parsed, try received(["Host: h"]))
        XCTAssertEqual(parsed.description, "Host: h\nAccept: a/b")
    }
}
