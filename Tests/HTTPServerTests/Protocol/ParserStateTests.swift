import XCTest

@testable import HTTPServer

/// The parser across requests: persistence (RFC 9112 §9.3), pipelining, phases, sticky errors
/// and buffer handling.
final class ParserStateTests: XCTestCase {
    func testKeepAlive() {
        check([
            ParserCase("HTTP/1.1 persists by default", "GET / HTTP/1.1\nHost: h\n\n", .ok(ExpectedRequest(keepAlive: true))),
            ParserCase("HTTP/1.1 close", "GET / HTTP/1.1\nHost: h\nConnection: close\n\n", .ok(ExpectedRequest(keepAlive: false))),
            ParserCase("close in a list, any case", "GET / HTTP/1.1\nHost: h\nConnection: keep-alive, CLOSE\n\n",
                       .ok(ExpectedRequest(keepAlive: false))),
            ParserCase("close on a second line", "GET / HTTP/1.1\nHost: h\nConnection: upgrade\nConnection: close\t\n\n",
                       .ok(ExpectedRequest(keepAlive: false))),
            ParserCase("closed is not close", "GET / HTTP/1.1\nHost: h\nConnection: closed\n\n", .ok(ExpectedRequest(keepAlive: true))),
            ParserCase("HTTP/1.0 closes by default", "GET / HTTP/1.0\n\n", .ok(ExpectedRequest(version: .http1_0, keepAlive: false))),
            ParserCase("HTTP/1.0 keep-alive", "GET / HTTP/1.0\nConnection: Keep-Alive\n\n",
                       .ok(ExpectedRequest(version: .http1_0, keepAlive: true))),
            ParserCase("HTTP/1.0 keep-alive and close", "GET / HTTP/1.0\nConnection: keep-alive, close\n\n",
                       .ok(ExpectedRequest(version: .http1_0, keepAlive: false))),
            ParserCase("HTTP/1.0 keep-alive pipelined", "GET /a HTTP/1.0\nConnection: keep-alive\n\nGET /b HTTP/1.0\n\n",
                       .requests([ExpectedRequest(path: "/a", version: .http1_0, keepAlive: true),
                                  ExpectedRequest(path: "/b", version: .http1_0, keepAlive: false)])),
        ])
    }

    func testBytesAfterAClosingRequestAreNeverParsed() {
        let raw = crlf("GET /a HTTP/1.1\nHost: h\nConnection: close\n\nGET /evil HTTP/1.1\nHost: h\n\n")
        for split in Split.all {
            let outcome = feed(raw, split: split)
            XCTAssertEqual(outcome.requests.map(\.path), ["/a"], "\(split)")
            XCTAssertNil(outcome.error, "\(split)")
            XCTAssertTrue(outcome.closed, "\(split)")
            XCTAssertEqual(outcome.phase, .idle, "\(split)")
        }
    }

    func testPhases() throws {
        var parser = HTTPRequestParser()
        XCTAssertEqual(parser.phase, .idle)
        crlf("POST / HTTP/1.1\nHo").withUnsafeBytes { parser.append($0) }
        XCTAssertNil(try parser.nextRequest())
        XCTAssertEqual(parser.phase, .head)
        crlf("st: h\nContent-Length: 2\n\na").withUnsafeBytes { parser.append($0) }
        XCTAssertNil(try parser.nextRequest())
        XCTAssertEqual(parser.phase, .body)
        Array("bG".utf8).withUnsafeBytes { parser.append($0) }
        XCTAssertEqual(try parser.nextRequest()?.body, Array("ab".utf8))
        XCTAssertEqual(parser.phase, .head, "a byte of the next request is buffered")
        XCTAssertNil(try parser.nextRequest())
        crlf("ET / HTTP/1.1\nHost: h\n\n").withUnsafeBytes { parser.append($0) }
        XCTAssertEqual(try parser.nextRequest()?.method, .get)
        XCTAssertEqual(parser.phase, .idle)
    }

    func testErrorsAreSticky() {
        var parser = HTTPRequestParser()
        crlf("GET / HTTP/1.1\nHost: h\nA : b\n\n").withUnsafeBytes { parser.append($0) }
        var first: HTTPParseError?
        XCTAssertThrowsError(try parser.nextRequest()) { first = $0 as? HTTPParseError }
        crlf("GET / HTTP/1.1\nHost: h\n\n").withUnsafeBytes { parser.append($0) }
        XCTAssertThrowsError(try parser.nextRequest()) { XCTAssertEqual($0 as? HTTPParseError, first) }
        XCTAssertEqual(first?.status, .badRequest)
        XCTAssertEqual(parser.phase, .idle)
    }

    func testManyPipelinedRequestsInSmallPiecesStayCorrect() {
        // Exercises buffer compaction: thousands of requests fed in odd-sized pieces.
        var raw: [UInt8] = []
        for index in 0..<3000 {
            raw += crlf("POST /\(index) HTTP/1.1\nHost: h\nContent-Length: \(String(index).utf8.count)\n\n\(index)")
        }
        let outcome = feed(raw, split: .random(seed: 7))
        XCTAssertNil(outcome.error)
        XCTAssertEqual(outcome.requests.count, 3000)
        XCTAssertEqual(outcome.requests.map(\.path), (0..<3000).map { "/\($0)" })
        XCTAssertEqual(outcome.requests.map { String(decoding: $0.body, as: UTF8.self) }, (0..<3000).map(String.init))
    }

    func testLargeChunkedBodyIsReassembled() {
        let data = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var raw = crlf("PUT /big HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n")
        var index = 0
        while index < data.count {
            let size = min(4096 + index % 7, data.count - index)
            raw += Array(String(size, radix: 16).utf8) + [13, 10] + data[index..<(index + size)] + [13, 10]
            index += size
        }
        raw += Array("0\r\n\r\n".utf8)
        for split in [Split.whole, .random(seed: 3)] {
            let outcome = feed(raw, split: split)
            XCTAssertNil(outcome.error)
            XCTAssertEqual(outcome.requests.first?.body, data, "\(split)")
        }
    }

    func testConvenienceInitialiserMatchesParsedRequest() {
        let parsed = feed(crlf("GET /a/b?c=d HTTP/1.1\nHost: h\nConnection: close\n\n")).requests.first
        let built = HTTPRequest(method: .get, target: "/a/b?c=d", headers: ["Host": "h", "Connection": "close"])
        XCTAssertEqual(parsed, RequestSnapshot(built))
    }

    func testQueryTellsNoQueryFromAnEmptyOneWhenSet() {
        var request = HTTPRequest(method: .get, target: "/a?")
        XCTAssertEqual(request.query, "")
        request.query = nil
        XCTAssertNil(request.query)
        request.query = "x=1"
        XCTAssertEqual(request.query, "x=1")
        request.query = ""
        XCTAssertEqual(request.query, "")
        XCTAssertNil(HTTPRequest(method: .get, target: "/a").query)
    }
}
