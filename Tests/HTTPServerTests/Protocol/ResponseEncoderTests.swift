import XCTest

@testable import HTTPServer

final class ResponseEncoderTests: XCTestCase {
    private let date = Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8)
    private let server = Array("example".utf8)

    private func encode(
        _ response: HTTPResponse, version: HTTPVersion = .http1_1, keepAlive: Bool = true, headOnly: Bool = false
    ) -> String {
        var buffer: [UInt8] = []
        HTTPResponseEncoder.encode(response, version: version, date: date, server: server, keepAlive: keepAlive, headOnly: headOnly, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    func testTable() {
        let body = Array("hello".utf8)
        let table: [(String, HTTPResponse, HTTPVersion, Bool, Bool, String)] = [
            ("200 with body, keep-alive",
             HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: body), .http1_1, true, false,
             "HTTP/1.1 200 OK\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 5\r\n\r\nhello"),
            ("closing adds Connection: close",
             HTTPResponse(status: .notFound), .http1_1, false, false,
             "HTTP/1.1 404 Not Found\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n"),
            ("persistent HTTP/1.0 says keep-alive",
             HTTPResponse(status: .ok, body: body), .http1_0, true, false,
             "HTTP/1.1 200 OK\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 5\r\n"
                + "Connection: keep-alive\r\n\r\nhello"),
            ("HEAD keeps the length, drops the body",
             HTTPResponse(status: .ok, body: body), .http1_1, true, true,
             "HTTP/1.1 200 OK\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 5\r\n\r\n"),
            ("HEAD keeps a handler's own Content-Length",
             HTTPResponse(status: .ok, headers: ["content-length": "42"]), .http1_1, true, true,
             "HTTP/1.1 200 OK\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 42\r\n\r\n"),
            ("owned fields from the handler are replaced",
             HTTPResponse(status: .ok, headers: ["Content-Length": "99", "Date": "x", "Server": "y", "Connection": "z",
                                                 "Transfer-Encoding": "chunked", "ETag": "\"e\""], body: body), .http1_1, true, false,
             "HTTP/1.1 200 OK\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nETag: \"e\"\r\n"
                + "Content-Length: 5\r\n\r\nhello"),
            ("204 has no Content-Length and no body",
             HTTPResponse(status: .noContent, body: body), .http1_1, true, false,
             "HTTP/1.1 204 No Content\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n"),
            ("304 keeps validators, no Content-Length",
             HTTPResponse(status: .notModified, headers: ["ETag": "\"e\""]), .http1_1, true, false,
             "HTTP/1.1 304 Not Modified\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nETag: \"e\"\r\n\r\n"),
            ("repeated fields in order",
             HTTPResponse(status: .ok, headers: HTTPHeaders([("Vary", "Accept"), ("Set-Cookie", "a"), ("Vary", "Origin")])),
             .http1_1, true, false,
             "HTTP/1.1 200 OK\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nVary: Accept\r\nSet-Cookie: a\r\n"
                + "Vary: Origin\r\nContent-Length: 0\r\n\r\n"),
            ("encoded fields first, as they are, then the headers",
             HTTPResponse(status: .ok, encodedFields: EncodedHeaderFields(HTTPHeaders([("Content-Type", "application/yaml"), ("ETag", "\"e\"")])),
                          headers: ["X-Request-Id": "r1"], body: body), .http1_1, true, false,
             "HTTP/1.1 200 OK\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: application/yaml\r\n"
                + "ETag: \"e\"\r\nX-Request-Id: r1\r\nContent-Length: 5\r\n\r\nhello"),
            ("encoded fields leave out the owned ones and cannot split the response",
             HTTPResponse(status: .ok, encodedFields: EncodedHeaderFields(HTTPHeaders([
                ("Content-Length", "99"), ("Date", "x"), ("Server", "y"), ("connection", "close"), ("Transfer-Encoding", "chunked"),
                ("X-Id", "a\r\nInjected: 1\0"), ("Bad\nName", "v")])), body: body), .http1_1, true, true,
             "HTTP/1.1 200 OK\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nX-Id: a  Injected: 1 \r\n"
                + "Bad Name: v\r\nContent-Length: 5\r\n\r\n"),
            ("200 with its own reason phrase keeps it",
             HTTPResponse(status: .custom(200, "Fine\r\n")), .http1_1, true, false,
             "HTTP/1.1 200 Fine  \r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 0\r\n\r\n"),
            ("CR/LF/NUL cannot split the response",
             HTTPResponse(status: .custom(499, "Bad\r\nX: y"), headers: ["X-Id": "a\r\nInjected: 1\0"]), .http1_1, true, false,
             "HTTP/1.1 499 Bad  X: y\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nX-Id: a  Injected: 1 \r\n"
                + "Content-Length: 0\r\n\r\n"),
        ]
        for (name, response, version, keepAlive, headOnly, expected) in table {
            XCTAssertEqual(encode(response, version: version, keepAlive: keepAlive, headOnly: headOnly), expected, name)
        }
    }

    func testEncodedFieldValuesAreFoundByNameIgnoringCase() {
        let fields = EncodedHeaderFields(HTTPHeaders([("Content-Type", "text/yaml; charset=utf-8"), ("ETag", "\"a:b\""), ("Vary", "Accept")]))
        XCTAssertEqual(fields.value(of: "etag"), "\"a:b\"")
        XCTAssertEqual(fields.value(of: "Vary"), "Accept")
        XCTAssertEqual(fields.value(of: "content-type"), "text/yaml; charset=utf-8")
        XCTAssertNil(fields.value(of: "Age"))
        XCTAssertNil(EncodedHeaderFields().value(of: "Vary"))
        let response = HTTPResponse(status: .ok, encodedFields: fields, headers: ["Vary": "Origin", "X-Request-Id": "r"])
        XCTAssertEqual(response.value(of: "vary"), "Accept", "the encoded fields come first")
        XCTAssertEqual(response.value(of: "X-Request-Id"), "r")
    }

    func testNoServerFieldWhenTheValueIsEmpty() {
        var buffer: [UInt8] = []
        HTTPResponseEncoder.encode(
            HTTPResponse(status: .noContent), version: .http1_1, date: date, server: [], keepAlive: true,
            headOnly: false, into: &buffer)
        XCTAssertEqual(
            String(decoding: buffer, as: UTF8.self), "HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
    }

    func testAppendsToTheBuffer() {
        var buffer = Array("previous".utf8)
        HTTPResponseEncoder.encode(HTTPResponse(status: .ok), version: .http1_1, date: date, server: server, keepAlive: true, headOnly: false,
                                   into: &buffer)
        XCTAssertTrue(String(decoding: buffer, as: UTF8.self).hasPrefix("previousHTTP/1.1 200 OK\r\n"))
    }

    /// A head longer than the encoder's first guess (1 KiB) is written whole, sanitised, after
    /// what the buffer held; so is an encoded field of any length.
    func testAHeadOfAnyLengthIsWrittenWholeAndSanitised() {
        for length in [1, 900, 1020, 1024, 1100, 5000] {
            let value = String(repeating: "v", count: length) + "\r\nInjected: 1"
            var buffer = Array("previous".utf8)
            let response = HTTPResponse(status: .ok, headers: ["X-Long": value, "X-After": "a"], body: Array("b".utf8))
            HTTPResponseEncoder.encode(
                response, version: .http1_1, date: date, server: server, keepAlive: true, headOnly: false, into: &buffer)
            XCTAssertEqual(
                String(decoding: buffer, as: UTF8.self),
                "previousHTTP/1.1 200 OK\r\nServer: example\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                    + "X-Long: \(String(repeating: "v", count: length))  Injected: 1\r\nX-After: a\r\n"
                    + "Content-Length: 1\r\n\r\nb", "value of \(length) bytes")
            let fields = EncodedHeaderFields(["X-Long": value])
            XCTAssertEqual(
                String(decoding: fields.bytes, as: UTF8.self),
                "X-Long: \(String(repeating: "v", count: length))  Injected: 1\r\n")
        }
    }

    func testEncodedResponsesParseBackAsHTTP() {
        // The encoder's output is well-formed: feed it to a tolerant check of the framing.
        let response = HTTPResponse(status: .created, headers: ["Location": "/x"], body: Array(repeating: 7, count: 1000))
        var buffer: [UInt8] = []
        HTTPResponseEncoder.encode(response, version: .http1_1, date: date, server: server, keepAlive: true, headOnly: false, into: &buffer)
        guard let end = buffer.firstRange(of: Array("\r\n\r\n".utf8)) else { return XCTFail("no end of head") }
        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
        XCTAssertTrue(head.contains("\r\nContent-Length: 1000"))
        XCTAssertEqual(buffer.count - end.upperBound, 1000)
    }
}

final class HTTPDateTests: XCTestCase {
    func testIMFFixdate() {
        let table: [(Int, String)] = [
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),  // RFC 9110's example
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
            (1_709_164_799, "Wed, 28 Feb 2024 23:59:59 GMT"),
            (1_709_251_200, "Fri, 01 Mar 2024 00:00:00 GMT"),
            (4_102_444_800, "Fri, 01 Jan 2100 00:00:00 GMT"),
            (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
            (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
            (Int.max, "Fri, 31 Dec 9999 23:59:59 GMT"),
            (Int.min, "Sat, 01 Jan 0000 00:00:00 GMT"),
        ]
        for (seconds, expected) in table {
            XCTAssertEqual(String(decoding: HTTPDate.imfFixdate(seconds), as: UTF8.self), expected, "\(seconds)")
        }
    }
}
