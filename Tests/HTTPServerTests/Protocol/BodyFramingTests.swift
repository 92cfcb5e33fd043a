import XCTest

@testable import HTTPServer

/// Message body length (RFC 9112 §6), Content-Length, Transfer-Encoding, chunked coding (§7).
final class BodyFramingTests: XCTestCase {
    private let post = "POST /p HTTP/1.1\nHost: h\n"

    private func body(_ text: String) -> ParserCase.Expected {
        .ok(ExpectedRequest(method: "POST", path: "/p", body: text))
    }

    func testContentLength() {
        check([
            ParserCase("body", post + "Content-Length: 5\n\nhello", body("hello")),
            ParserCase("zero", post + "Content-Length: 0\n\n", body("")),
            ParserCase("leading zeros", post + "Content-Length: 003\n\nabc", body("abc")),
            ParserCase("OWS around the value", post + "Content-Length: \t 3 \t\n\nabc", body("abc")),
            ParserCase("name case-insensitive", post + "content-LENGTH: 2\n\nab", body("ab")),
            ParserCase("no framing: no body", post + "\n", body("")),
            ParserCase("body not complete yet", post + "Content-Length: 5\n\nhel", .incomplete),
            ParserCase("sign", post + "Content-Length: +5\n\nhello", .error(.badRequest)),
            ParserCase("negative", post + "Content-Length: -1\n\n", .error(.badRequest)),
            ParserCase("space inside", post + "Content-Length: 1 2\n\n", .error(.badRequest)),
            ParserCase("list of equal values (RFC allows, we refuse)", post + "Content-Length: 5, 5\n\nhello", .error(.badRequest)),
            ParserCase("duplicate equal values (RFC allows, we refuse)", post + "Content-Length: 5\nContent-Length: 5\n\nhello",
                       .error(.badRequest)),
            ParserCase("duplicate different values", post + "Content-Length: 1\nContent-Length: 2\n\n", .error(.badRequest)),
            ParserCase("duplicate rejected before the head ends", post + "Content-Length: 1\nContent-Length: 1\n", .error(.badRequest)),
            ParserCase("empty", post + "Content-Length:\n\n", .error(.badRequest)),
            ParserCase("hex", post + "Content-Length: 0x5\n\n", .error(.badRequest)),
            ParserCase("overflowing digits → 413, no trap", post + "Content-Length: 99999999999999999999999999999\n",
                       .error(.contentTooLarge)),
            ParserCase("pipelined after a body", post + "Content-Length: 2\n\nab" + post + "Content-Length: 1\n\nc",
                       .requests([ExpectedRequest(method: "POST", path: "/p", body: "ab"),
                                  ExpectedRequest(method: "POST", path: "/p", body: "c")])),
        ])
    }

    func testBodyLimit() {
        let limits = HTTPParserLimits(maxBodyBytes: 8)
        check([
            ParserCase("declared at the limit", post + "Content-Length: 8\n\n12345678", body("12345678"), limits: limits),
            ParserCase("declared over the limit → 413 before the body is read", post + "Content-Length: 9\n\n",
                       .error(.contentTooLarge), limits: limits),
            ParserCase("chunked at the limit", post + "Transfer-Encoding: chunked\n\n4\n1234\n4\n5678\n0\n\n",
                       body("12345678"), limits: limits),
            ParserCase("chunked growing past the limit → 413", post + "Transfer-Encoding: chunked\n\n4\n1234\n5\n",
                       .error(.contentTooLarge), limits: limits),
            ParserCase("one huge chunk → 413 at its size", post + "Transfer-Encoding: chunked\n\nfffffff",
                       .error(.contentTooLarge), limits: limits),
        ])
    }

    func testSizesNearIntMaxDoNotOverflow() {
        let unlimited = HTTPParserLimits(maxBodyBytes: Int.max)
        check([
            ParserCase("Content-Length past Int.max", post + "Content-Length: 9223372036854775808\n\n",
                       .error(.contentTooLarge), limits: unlimited),
            ParserCase("Content-Length of Int.max is waited for", post + "Content-Length: 9223372036854775807\n\n",
                       .incomplete, limits: unlimited),
            ParserCase("chunk size past Int.max", post + "Transfer-Encoding: chunked\n\n8000000000000000\n",
                       .error(.contentTooLarge), limits: unlimited),
            ParserCase("chunk size of Int.max is waited for", post + "Transfer-Encoding: chunked\n\n7fffffffffffffff\nab",
                       .incomplete, limits: unlimited),
        ])
    }

    func testTransferEncoding() {
        let chunkedBody = "\n3\nabc\n0\n\n"
        check([
            ParserCase("chunked", post + "Transfer-Encoding: chunked\n" + chunkedBody, body("abc")),
            ParserCase("chunked, any case", post + "Transfer-Encoding: ChUnKeD\n" + chunkedBody, body("abc")),
            ParserCase("chunked with empty list elements", post + "Transfer-Encoding: ,chunked ,\n" + chunkedBody, body("abc")),
            ParserCase("with Content-Length after", post + "Transfer-Encoding: chunked\nContent-Length: 3\n" + chunkedBody,
                       .error(.badRequest)),
            ParserCase("with Content-Length before", post + "Content-Length: 3\nTransfer-Encoding: chunked\n" + chunkedBody,
                       .error(.badRequest)),
            ParserCase("final coding not chunked", post + "Transfer-Encoding: gzip\n\n", .error(.badRequest)),
            ParserCase("chunked then gzip", post + "Transfer-Encoding: chunked, gzip\n" + chunkedBody, .error(.badRequest)),
            ParserCase("chunked then gzip on another line", post + "Transfer-Encoding: chunked\nTransfer-Encoding: gzip\n",
                       .error(.badRequest)),
            ParserCase("unknown coding before chunked → 501", post + "Transfer-Encoding: gzip, chunked\n" + chunkedBody,
                       .error(.notImplemented)),
            ParserCase("unknown coding on its own line → 501", post + "Transfer-Encoding: pigeons\nTransfer-Encoding: chunked\n" + chunkedBody,
                       .error(.notImplemented)),
            ParserCase("chunked twice", post + "Transfer-Encoding: chunked, chunked\n" + chunkedBody, .error(.badRequest)),
            ParserCase("chunked twice on two lines", post + "Transfer-Encoding: chunked\nTransfer-Encoding: chunked\n" + chunkedBody,
                       .error(.badRequest)),
            ParserCase("chunked with parameter", post + "Transfer-Encoding: chunked;a=b\n" + chunkedBody, .error(.badRequest)),
            ParserCase("identity (no longer a coding)", post + "Transfer-Encoding: identity\n\n", .error(.badRequest)),
            ParserCase("empty value", post + "Transfer-Encoding:\n\n", .error(.badRequest)),
            ParserCase("chunkedchunked", post + "Transfer-Encoding: chunkedchunked\n" + chunkedBody, .error(.badRequest)),
            ParserCase("on HTTP/1.0", "POST /p HTTP/1.0\nTransfer-Encoding: chunked\n" + chunkedBody, .error(.badRequest)),
        ])
    }

    func testChunkedBody() {
        let head = post + "Transfer-Encoding: chunked\n\n"
        check([
            ParserCase("several chunks", head + "5\nhello\n6\n world\n0\n\n", body("hello world")),
            ParserCase("upper-case hex and leading zeros", head + "0A\n0123456789\n000\n\n", body("0123456789")),
            ParserCase("chunk data containing CRLF", head + "4\na\nb\n0\n\n", body("a\r\nb")),
            ParserCase("extensions: name, token value, quoted value with quoted-pair, BWS",
                       head + "3;a;b=c ; d = \"x \\\" ;y\"\nabc\n0;last\n\n", body("abc")),
            ParserCase("trailers are checked and discarded", head + "3\nabc\n0\nX-T: 1\nY: 2\n\n",
                       .ok(ExpectedRequest(method: "POST", path: "/p",
                                           headers: ["Host: h", "Transfer-Encoding: chunked"], body: "abc"))),
            ParserCase("pipelined after a chunked body", head + "1\na\n0\n\n" + head + "0\n\n",
                       .requests([ExpectedRequest(method: "POST", path: "/p", body: "a"),
                                  ExpectedRequest(method: "POST", path: "/p", body: "")])),
            ParserCase("last chunk without the final CRLF: waiting", head + "3\nabc\n0\n", .incomplete),
            ParserCase("missing last chunk", head + "3\nabc\n\n", .error(.badRequest)),
            ParserCase("space after size", head + "3 \nabc\n0\n\n", .error(.badRequest)),
            ParserCase("space before size", head + " 3\nabc\n0\n\n", .error(.badRequest)),
            ParserCase("not hex", head + "g\n", .error(.badRequest)),
            ParserCase("sign", head + "+3\nabc\n0\n\n", .error(.badRequest)),
            ParserCase("more than 16 size digits", head + "00000000000000001\na\n0\n\n", .error(.badRequest)),
            ParserCase("16 size digits", head + "0000000000000001\na\n0\n\n", body("a")),
            ParserCase("size overflowing 64 bits", head + "ffffffffffffffff\n", .error(.contentTooLarge)),
            ParserCase("empty extension", head + "3;\nabc\n0\n\n", .error(.badRequest)),
            ParserCase("extension without semicolon", head + "3 x\nabc\n0\n\n", .error(.badRequest)),
            ParserCase("extension value missing", head + "3;a=\nabc\n0\n\n", .error(.badRequest)),
            ParserCase("unterminated quoted value", head + "3;a=\"x\nabc\n0\n\n", .error(.badRequest)),
            ParserCase("invalid extension name", head + "3;a@b\nabc\n0\n\n", .error(.badRequest)),
            ParserCase("data not followed by CRLF", head + "3\nabcd\n0\n\n", .error(.badRequest)),
            ParserCase("data followed by CR and other byte", bytes: crlf(head) + Array("3\r\nabc\rX".utf8), .error(.badRequest)),
            ParserCase("bare LF after size", bytes: crlf(head) + Array("3\nabc\r\n0\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("bare LF after data", bytes: crlf(head) + Array("3\r\nabc\n0\r\n\r\n".utf8), .error(.badRequest)),
            ParserCase("CR not followed by LF after size", bytes: crlf(head) + Array("3\r;x\r\nabc".utf8), .error(.badRequest)),
            ParserCase("trailer with obs-fold", head + "0\nX: 1\n 2\n\n", .error(.badRequest)),
            ParserCase("trailer without colon", head + "0\nX\n\n", .error(.badRequest)),
            ParserCase("trailer with whitespace before colon", head + "0\nX : 1\n\n", .error(.badRequest)),
        ])
    }

    func testChunkLimits() {
        let extensionLimit = HTTPParserLimits(maxChunkExtensionBytes: 8)
        // "A: 12345\r\n" is 10 bytes, the final CRLF 2.
        let trailerLimit = HTTPParserLimits(maxTrailerBytes: 12)
        let head = post + "Transfer-Encoding: chunked\n\n"
        check([
            ParserCase("extension at the limit", head + "1;abcdefg\nx\n0\n\n", body("x"), limits: extensionLimit),
            ParserCase("extension over the limit", head + "1;abcdefgh\nx\n0\n\n", .error(.badRequest), limits: extensionLimit),
            ParserCase("trailers at the limit", head + "0\nA: 12345\n\n", body(""), limits: trailerLimit),
            ParserCase("trailers over the limit → 431", head + "0\nA: 123456\n\n", .error(.requestHeaderFieldsTooLarge),
                       limits: trailerLimit),
        ])
    }
}
