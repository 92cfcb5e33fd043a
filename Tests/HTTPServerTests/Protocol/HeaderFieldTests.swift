import XCTest

@testable import HTTPServer

/// Field line rules (RFC 9112 §5, RFC 9110 §5.5), Host and limits.
final class HeaderFieldTests: XCTestCase {
    func testFieldSyntax() {
        check([
            ParserCase("OWS trimmed on both sides", "GET / HTTP/1.1\nHost: h\nA:  \t x y \t \nB:z\n\n",
                       .ok(ExpectedRequest(headers: ["Host: h", "A: x y", "B: z"]))),
            ParserCase("empty value", "GET / HTTP/1.1\nHost: h\nA:\nB: \n\n",
                       .ok(ExpectedRequest(headers: ["Host: h", "A: ", "B: "]))),
            ParserCase("HTAB and visible ASCII inside a value", "GET / HTTP/1.1\nHost: h\nA: x\ty!~\n\n",
                       .ok(ExpectedRequest(headers: ["Host: h", "A: x\ty!~"]))),
            ParserCase("obs-text in a value (invalid UTF-8 is repaired)",
                       bytes: Array("GET / HTTP/1.1\r\nHost: h\r\nA: D".utf8) + [0xFC] + Array("sseldorf\r\n\r\n".utf8),
                       .ok(ExpectedRequest(headers: ["Host: h", "A: D\u{FFFD}sseldorf"]))),
            ParserCase("name case and order kept", "GET / HTTP/1.1\nhOsT: h\nX-a: 1\nx-A: 2\n\n",
                       .ok(ExpectedRequest(headers: ["hOsT: h", "X-a: 1", "x-A: 2"]))),
            ParserCase("whitespace before colon", "GET / HTTP/1.1\nHost: h\nA : x\n\n", .error(.badRequest)),
            ParserCase("tab before colon", "GET / HTTP/1.1\nHost: h\nA\t: x\n\n", .error(.badRequest)),
            ParserCase("obs-fold", "GET / HTTP/1.1\nHost: h\nA: x\n y\n\n", .error(.badRequest)),
            ParserCase("obs-fold with tab", "GET / HTTP/1.1\nHost: h\nA: x\n\ty\n\n", .error(.badRequest)),
            ParserCase("whitespace before the first field line", "GET / HTTP/1.1\n Host: h\n\n", .error(.badRequest)),
            ParserCase("obs-fold rejected before its line ends", "GET / HTTP/1.1\nHost: h\n x", .error(.badRequest)),
            ParserCase("no colon", "GET / HTTP/1.1\nHost: h\nA\n\n", .error(.badRequest)),
            ParserCase("empty name", "GET / HTTP/1.1\nHost: h\n: x\n\n", .error(.badRequest)),
            ParserCase("invalid name character", "GET / HTTP/1.1\nHost: h\nA@b: x\n\n", .error(.badRequest)),
            ParserCase("NUL in value", bytes: Array("GET / HTTP/1.1\r\nHost: h\r\nA: x\0y\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("CTL in value", bytes: Array("GET / HTTP/1.1\r\nHost: h\r\nA: x\u{0C}y\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("DEL in value", bytes: Array("GET / HTTP/1.1\r\nHost: h\r\nA: x\u{7F}\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("CR inside a value", bytes: Array("GET / HTTP/1.1\r\nHost: h\r\nA: x\ry\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("CR inside a value, rejected before LF", bytes: Array("GET / HTTP/1.1\r\nHost: h\r\nA: x\ry".utf8),
                       .error(.badRequest)),
            ParserCase("bare LF between fields", bytes: Array("GET / HTTP/1.1\r\nHost: h\nA: x\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("bare LF ends the head", bytes: Array("GET / HTTP/1.1\r\nHost: h\r\n\n".utf8), .error(.badRequest)),
            ParserCase("CR then other byte ends the head", bytes: Array("GET / HTTP/1.1\r\nHost: h\r\n\rX".utf8), .error(.badRequest)),
        ])
    }

    /// Values are checked eight bytes at a time (the last word overlapping): a control byte or
    /// DEL is found wherever it falls; HTAB inside a value and obs-text pass.
    func testValueBytesAtEveryPosition() {
        var cases: [ParserCase] = []
        for length in 1...20 {
            for position in 0..<length {
                for bad: UInt8 in [0x00, 0x0C, 0x1F, 0x7F] {
                    var value = Array(String(repeating: "v", count: length).utf8)
                    value[position] = bad
                    cases.append(ParserCase(
                        "byte \(bad) at \(position) of \(length)",
                        bytes: Array("GET / HTTP/1.1\r\nHost: h\r\nA: ".utf8) + value + Array("\r\n\r\n".utf8),
                        .error(.badRequest)))
                }
                if position > 0, position < length - 1 {
                    var value = String(repeating: "v", count: length).utf8.map { $0 }
                    value[position] = 0x09
                    let text = String(decoding: value, as: UTF8.self)
                    cases.append(ParserCase("HTAB at \(position) of \(length)", "GET / HTTP/1.1\nHost: h\nA: \(text)\n\n",
                                            .ok(ExpectedRequest(headers: ["Host: h", "A: \(text)"]))))
                }
                let accented = String(repeating: "v", count: position) + "é" + String(repeating: "v", count: length - position)
                cases.append(ParserCase("obs-text at \(position) of \(length)", "GET / HTTP/1.1\nHost: h\nA: \(accented)\n\n",
                                        .ok(ExpectedRequest(headers: ["Host: h", "A: \(accented)"]))))
            }
        }
        check(cases)
    }

    /// Common names and values become shared literals only when sent exactly so: other
    /// spellings, and near misses in any word of the comparison, stay as sent.
    func testCommonNamesAndValuesKeepTheirSpelling() {
        let fields = [
            "Host: h", "host2: x", "Authorization: a", "authorization: b", "AUTHORIZATION: c", "Authorizatiom: d",
            "Accept: application/yaml", "Accept: application/YAML", "Accept: applicatiom/yaml", "accept: application/json",
            "Content-Type: application/jsom", "Content-Type: application/json ", "TransferXEncoding: t",
            "X-Request-ID: u", "Impersonate-Usex: v", "X-Forwarded-Fox: w", "Acceps: y", "Hosx: z",
            "If-None-Match: \"e\"", "User-Agent: wrk",
        ]
        let expected = fields.map { $0.hasSuffix(" ") ? String($0.dropLast()) : $0 }
        check([
            ParserCase("spellings kept", "GET / HTTP/1.1\n" + fields.joined(separator: "\n") + "\n\n",
                       .ok(ExpectedRequest(headers: expected))),
        ])
    }

    func testHost() {
        check([
            ParserCase("missing on HTTP/1.1", "GET / HTTP/1.1\nA: b\n\n", .error(.badRequest)),
            ParserCase("missing on HTTP/1.0 is fine", "GET / HTTP/1.0\n\n", .ok(ExpectedRequest(version: .http1_0, keepAlive: false))),
            ParserCase("duplicate", "GET / HTTP/1.1\nHost: a\nHost: a\n\n", .error(.badRequest)),
            ParserCase("duplicate on HTTP/1.0", "GET / HTTP/1.0\nHost: a\nhost: b\n\n", .error(.badRequest)),
            ParserCase("empty value (RFC 9110 §4.2.1: an http URI needs a host)", "GET / HTTP/1.1\nHost:\n\n", .error(.badRequest)),
            ParserCase("port without a host", "GET / HTTP/1.1\nHost: :8080\n\n", .error(.badRequest)),
            ParserCase("name and port", "GET / HTTP/1.1\nHost: example.com:8080\n\n", .ok()),
            ParserCase("IPv6 literal with port", "GET / HTTP/1.1\nHost: [::1]:8080\n\n", .ok()),
            ParserCase("sub-delims and pct-encoding in reg-name", "GET / HTTP/1.1\nHost: a=b%41.c\n\n", .ok()),
            ParserCase("space inside", "GET / HTTP/1.1\nHost: a b\n\n", .error(.badRequest)),
            ParserCase("non-digit port", "GET / HTTP/1.1\nHost: a:b\n\n", .error(.badRequest)),
            ParserCase("two colons", "GET / HTTP/1.1\nHost: a:1:2\n\n", .error(.badRequest)),
            ParserCase("unclosed IPv6 literal", "GET / HTTP/1.1\nHost: [::1\n\n", .error(.badRequest)),
            ParserCase("userinfo", "GET / HTTP/1.1\nHost: u@a\n\n", .error(.badRequest)),
            ParserCase("bad pct-encoding", "GET / HTTP/1.1\nHost: a%4\n\n", .error(.badRequest)),
            ParserCase("path in Host", "GET / HTTP/1.1\nHost: a/b\n\n", .error(.badRequest)),
        ])
    }

    func testHeaderLimits() {
        // "Host: h\r\n" is 9 bytes, "A: 12345\r\n" 10, the final CRLF 2.
        let section = HTTPParserLimits(maxHeaderSectionBytes: 21)
        let count = HTTPParserLimits(maxHeaderCount: 2)
        check([
            ParserCase("header section at the limit", "GET / HTTP/1.1\nHost: h\nA: 12345\n\n", .ok(), limits: section),
            ParserCase("header section one byte over → 431", "GET / HTTP/1.1\nHost: h\nA: 123456\n\n",
                       .error(.requestHeaderFieldsTooLarge), limits: section),
            ParserCase("431 before the line is complete", "GET / HTTP/1.1\nHost: h\nA: " + String(repeating: "x", count: 50),
                       .error(.requestHeaderFieldsTooLarge), limits: section),
            ParserCase("431 wins over a CR further on", "GET / HTTP/1.1\nHost: h\nA: 1234567890\rx\n\n",
                       .error(.requestHeaderFieldsTooLarge), limits: section),
            ParserCase("a CR before the limit wins over 431", "GET / HTTP/1.1\nHost: h\nA:\rx1234567890\n\n",
                       .error(.badRequest), limits: section),
            ParserCase("header count at the limit", "GET / HTTP/1.1\nHost: h\nA: 1\n\n", .ok(), limits: count),
            ParserCase("header count over the limit → 431", "GET / HTTP/1.1\nHost: h\nA: 1\nB: 2\n\n",
                       .error(.requestHeaderFieldsTooLarge), limits: count),
            ParserCase("default limit: 101 fields → 431",
                       "GET / HTTP/1.1\nHost: h\n" + String(repeating: "A: 1\n", count: 100) + "\n",
                       .error(.requestHeaderFieldsTooLarge)),
        ])
    }

    func testExpect() {
        check([
            ParserCase("100-continue on a request without body", "GET / HTTP/1.1\nHost: h\nExpect: 100-continue\n\n", .ok()),
            ParserCase("100-continue is case-insensitive", "PUT / HTTP/1.1\nHost: h\nExpect: 100-Continue\nContent-Length: 1\n\nx",
                       .ok(ExpectedRequest(method: "PUT", body: "x"))),
            ParserCase("other expectation → 417", "GET / HTTP/1.1\nHost: h\nExpect: something\n\n", .error(.expectationFailed)),
            ParserCase("list with another expectation → 417", "GET / HTTP/1.1\nHost: h\nExpect: 100-continue, x\n\n",
                       .error(.expectationFailed)),
        ])
    }

    func testContinueIsSignalledOnceWhileTheBodyIsMissing() {
        var parser = HTTPRequestParser()
        let head = crlf("PUT /x HTTP/1.1\nHost: h\nExpect: 100-continue\nContent-Length: 3\n\n")
        head.withUnsafeBytes { parser.append($0) }
        XCTAssertNil(try parser.nextRequest())
        XCTAssertEqual(parser.phase, .body)
        XCTAssertTrue(parser.takeContinueRequest())
        XCTAssertFalse(parser.takeContinueRequest(), "only once per request")
        Array("abc".utf8).withUnsafeBytes { parser.append($0) }
        XCTAssertEqual(try parser.nextRequest()?.body, Array("abc".utf8))
        XCTAssertFalse(parser.takeContinueRequest())
    }

    func testContinueIsNotSignalledWhenTheBodyCameWithTheHead() {
        let outcome = feed(crlf("PUT /x HTTP/1.1\nHost: h\nExpect: 100-continue\nContent-Length: 1\n\nx"))
        XCTAssertEqual(outcome.requests.count, 1)
        XCTAssertEqual(outcome.continues, 0)
    }

    func testContinueForChunkedBodyAndNotForHTTP10() {
        let chunked = feed(crlf("PUT /x HTTP/1.1\nHost: h\nExpect: 100-continue\nTransfer-Encoding: chunked\n\n"))
        XCTAssertEqual(chunked.continues, 1)
        let old = feed(crlf("PUT /x HTTP/1.0\nExpect: 100-continue\nContent-Length: 3\n\n"))
        XCTAssertEqual(old.continues, 0, "RFC 9110 §10.1.1: ignored on HTTP/1.0")
        let bodyless = feed(crlf("PUT /x HTTP/1.1\nHost: h\nExpect: 100-continue\nContent-Length: 0\n\n"))
        XCTAssertEqual(bodyless.continues, 0)
        XCTAssertEqual(bodyless.requests.count, 1)
    }

    func testNoContinueWhenTheBodyIsTooLarge() {
        var parser = HTTPRequestParser(limits: HTTPParserLimits(maxBodyBytes: 10))
        crlf("PUT /x HTTP/1.1\nHost: h\nExpect: 100-continue\nContent-Length: 11\n\n").withUnsafeBytes { parser.append($0) }
        XCTAssertThrowsError(try parser.nextRequest()) { error in
            XCTAssertEqual((error as? HTTPParseError)?.status, .contentTooLarge)
        }
        XCTAssertFalse(parser.takeContinueRequest())
    }
}
