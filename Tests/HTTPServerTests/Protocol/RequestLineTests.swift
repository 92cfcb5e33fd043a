import XCTest

@testable import HTTPServer

/// Request line rules (RFC 9112 §3), each fed whole, byte by byte and in random splits.
final class RequestLineTests: XCTestCase {
    func testRequestTargetForms() {
        check([
            ParserCase("origin-form with query", "GET /a/b?x=1&y HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(target: "/a/b?x=1&y", path: "/a/b", query: "x=1&y"))),
            ParserCase("origin-form without query", "GET /a/b/c/d/e/f/g/h/i HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(target: "/a/b/c/d/e/f/g/h/i", path: "/a/b/c/d/e/f/g/h/i", query: nil))),
            ParserCase("origin-form, empty query", "GET /a? HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(path: "/a", query: ""))),
            ParserCase("origin-form, second ? stays in the query", "GET /t?a=b?c HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(path: "/t", query: "a=b?c"))),
            ParserCase("absolute-form", "GET http://example.com/a?b=1 HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(target: "http://example.com/a?b=1", path: "/a", query: "b=1"))),
            ParserCase("absolute-form, https, upper-case scheme, port", "GET HTTPS://example.com:8443/x HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(path: "/x"))),
            ParserCase("absolute-form without path means /", "GET http://example.com?q HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(path: "/", query: "q"))),
            ParserCase("absolute-form with userinfo (RFC 9110 §4.2.4)", "GET http://u:p@example.com/ HTTP/1.1\nHost: h\n\n",
                       .error(.badRequest)),
            ParserCase("absolute-form, other scheme", "GET ftp://example.com/ HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("absolute-form, empty authority", "GET http:///a HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("absolute-form, no //", "GET http:/a HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("authority-form for CONNECT", "CONNECT example.com:443 HTTP/1.1\nHost: example.com:443\n\n",
                       .ok(ExpectedRequest(method: "CONNECT", target: "example.com:443", path: "example.com:443"))),
            ParserCase("CONNECT without port", "CONNECT example.com HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("CONNECT with origin-form", "CONNECT / HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("authority-form for GET", "GET example.com:443 HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("asterisk-form for OPTIONS", "OPTIONS * HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(method: "OPTIONS", target: "*", path: "*"))),
            ParserCase("asterisk-form for GET", "GET * HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("relative target", "GET a/b HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("fragment", "GET /a#f HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("non-ASCII byte in target", bytes: Array("GET /\u{e9} HTTP/1.1\r\nHost: h\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("DEL in target", bytes: Array("GET /\u{7f} HTTP/1.1\r\nHost: h\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("NUL in target", bytes: Array("GET /\0 HTTP/1.1\r\nHost: h\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("quote, pipe, braces are visible ASCII", "GET /\"|{}?a=\\ HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(path: "/\"|{}", query: "a=\\"))),
        ])
    }

    func testSeparatorsAndMethod() {
        check([
            ParserCase("any token is a method", "PURGE /x HTTP/1.1\nHost: h\n\n", .ok(ExpectedRequest(method: "PURGE", path: "/x"))),
            ParserCase("method is case-sensitive, kept as sent", "get / HTTP/1.1\nHost: h\n\n", .ok(ExpectedRequest(method: "get"))),
            ParserCase("known methods", "DELETE / HTTP/1.1\nHost: h\n\nHEAD / HTTP/1.1\nHost: h\n\nPOST / HTTP/1.1\nHost: h\n\nPUT / HTTP/1.1\nHost: h\n\n",
                       .requests([ExpectedRequest(method: "DELETE"), ExpectedRequest(method: "HEAD"),
                                  ExpectedRequest(method: "POST"), ExpectedRequest(method: "PUT")])),
            ParserCase("invalid method character", "GE(T / HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("method longer than 32 bytes (RFC 9112 §3: 501)", String(repeating: "M", count: 33) + " / HTTP/1.1\nHost: h\n\n",
                       .error(.notImplemented)),
            ParserCase("method of 32 bytes", String(repeating: "M", count: 32) + " / HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(method: String(repeating: "M", count: 32)))),
            ParserCase("two spaces after method", "GET  / HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("two spaces before version", "GET /  HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("tab as separator", "GET\t/ HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("space before method", " GET / HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("space in target", "GET /a b HTTP/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("space after version", "GET / HTTP/1.1 \nHost: h\n\n", .error(.badRequest)),
            ParserCase("no version (HTTP/0.9 style)", "GET /\n\n", .error(.badRequest)),
        ])
    }

    func testVersions() {
        check([
            ParserCase("HTTP/1.0", "GET / HTTP/1.0\n\n", .ok(ExpectedRequest(version: .http1_0, keepAlive: false))),
            ParserCase("HTTP/1.1", "GET / HTTP/1.1\nHost: h\n\n", .ok()),
            ParserCase("HTTP/2.0 is well-formed → 505", "GET / HTTP/2.0\nHost: h\n\n", .error(.httpVersionNotSupported)),
            ParserCase("HTTP/1.2 → 505", "GET / HTTP/1.2\nHost: h\n\n", .error(.httpVersionNotSupported)),
            ParserCase("HTTP/0.9 → 505", "GET / HTTP/0.9\n\n", .error(.httpVersionNotSupported)),
            ParserCase("505 without waiting for the line end", "GET / HTTP/5.6", .error(.httpVersionNotSupported)),
            ParserCase("lower-case name", "GET / http/1.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("two-digit major", "GET / HTTP/11.1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("two-digit minor", "GET / HTTP/1.10\nHost: h\n\n", .error(.badRequest)),
            ParserCase("no minor", "GET / HTTP/1\nHost: h\n\n", .error(.badRequest)),
            ParserCase("other protocol", "GET / ICE/1.0\nHost: h\n\n", .error(.badRequest)),
        ])
    }

    func testLineEndingsAndEmptyLines() {
        check([
            ParserCase("one leading CRLF is skipped", "\nGET / HTTP/1.1\nHost: h\n\n", .ok()),
            ParserCase("several leading CRLFs are skipped", "\n\n\nGET / HTTP/1.1\nHost: h\n\n", .ok()),
            ParserCase("CRLF between pipelined requests", "GET /a HTTP/1.1\nHost: h\n\n\nGET /b HTTP/1.1\nHost: h\n\n",
                       .requests([ExpectedRequest(path: "/a"), ExpectedRequest(path: "/b")])),
            ParserCase("leading CRLFs beyond the header-section limit",
                       String(repeating: "\n", count: 40) + "GET / HTTP/1.1\nHost: h\n\n",
                       .error(.badRequest), limits: HTTPParserLimits(maxHeaderSectionBytes: 64)),
            ParserCase("only CRLFs: still waiting", "\n\n", .incomplete),
            ParserCase("leading bare LF", bytes: Array("\nGET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("bare LF ends the request line", bytes: Array("GET / HTTP/1.1\nHost: h\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("CR without LF ends the request line", bytes: Array("GET / HTTP/1.1\rHost: h\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("lone CR before request line", bytes: Array("\rGET / HTTP/1.1\r\n\r\n".utf8), .error(.badRequest)),
        ])
    }

    /// The target is scanned eight bytes at a time: an offending byte is found wherever it falls
    /// in a word, and every visible ASCII byte but `#` passes.
    func testTargetBytesAtEveryPosition() {
        var cases: [ParserCase] = []
        for length in 1...18 {
            for position in 0..<length {
                for bad: UInt8 in [0x00, 0x09, 0x23, 0x7F, 0xC3] {
                    var target = Array(("/" + String(repeating: "a", count: length)).utf8)
                    target[1 + position] = bad
                    cases.append(ParserCase(
                        "byte \(bad) at \(position) of \(length)",
                        bytes: Array("GET ".utf8) + target + Array(" HTTP/1.1\r\nHost: h\r\n\r\n".utf8), .error(.badRequest)))
                }
            }
        }
        let visible = "/!$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~\""
        cases.append(ParserCase("every visible byte but #", "GET \(visible) HTTP/1.1\nHost: h\n\n",
                                .ok(ExpectedRequest(target: visible, path: "/!$%&'()*+,-./0123456789:;<=>", query: "@AZ[\\]^_`az{|}~\""))))
        check(cases)
    }

    /// The limit holds at every length, whatever its place in an eight-byte word.
    func testRequestTargetLimitAtEveryLength() {
        var cases: [ParserCase] = []
        for limit in 1...20 {
            let limits = HTTPParserLimits(maxRequestTargetBytes: limit)
            let atLimit = "/" + String(repeating: "a", count: limit - 1)
            cases.append(ParserCase("\(limit) bytes, limit \(limit)", "GET \(atLimit) HTTP/1.1\nHost: h\n\n",
                                    .ok(ExpectedRequest(target: atLimit, path: atLimit)), limits: limits))
            cases.append(ParserCase("\(limit + 1) bytes, limit \(limit)", "GET \(atLimit)a HTTP/1.1\nHost: h\n\n",
                                    .error(.uriTooLong), limits: limits))
            cases.append(ParserCase("invalid byte just past limit \(limit)", "GET \(atLimit)# HTTP/1.1\nHost: h\n\n",
                                    .error(.badRequest), limits: limits))
        }
        check(cases)
    }

    func testRequestTargetLimit() {
        let limits = HTTPParserLimits(maxRequestTargetBytes: 16)
        check([
            ParserCase("target at the limit", "GET /" + String(repeating: "a", count: 15) + " HTTP/1.1\nHost: h\n\n",
                       .ok(ExpectedRequest(path: "/" + String(repeating: "a", count: 15))), limits: limits),
            ParserCase("target over the limit → 414", "GET /" + String(repeating: "a", count: 16) + " HTTP/1.1\nHost: h\n\n",
                       .error(.uriTooLong), limits: limits),
            ParserCase("414 before the line is complete", "GET /" + String(repeating: "a", count: 40),
                       .error(.uriTooLong), limits: limits),
        ])
    }
}
