import Foundation
import XCTest

@testable import HTTPServer

/// One request of llhttp's test suite (see `Fixtures/llhttp/README.md`).
private struct LLHTTPCase: Decodable {
    var file: String
    var line: Int
    var name: String
    var type: String
    var rawBase64: String
    var error: Bool
    var errorReason: String?
    var messages: Int

    enum CodingKeys: String, CodingKey {
        case file, line, name, type, error, messages
        case rawBase64 = "raw_b64"
        case errorReason = "error_reason"
    }

    /// `file:line name` — names alone are not unique.
    var key: String { "\(file):\(line) \(name)" }
}

/// Where we knowingly differ from llhttp's verdict, and why.
private indirect enum Deviation {
    /// llhttp accepts (often only in a lenient mode); we reject with this status.
    case rejected(HTTPStatus, because: String)
    /// llhttp rejects or pauses; we parse this many requests without error.
    case parsed(Int, because: String)
    /// An HTTP/1.1 request without Host: 400 (RFC 9112 §3.2: a server MUST answer 400; llhttp
    /// does not check). With the Host check off the case must then give llhttp's verdict, or
    /// the nested deviation.
    case missingHost(then: Deviation? = nil)
}

/// Runs the 166 llhttp cases from `Fixtures/llhttp/llhttp_cases.jsonl`: each fed whole,
/// byte by byte and in random splits with identical results; `error: true` must be rejected,
/// the others must parse into `messages` requests — except the deviations listed below, each
/// asserted as listed.
final class LLHTTPCorpusTests: XCTestCase {
    private static let strictBareCR =
        "RFC 9112 §2.2: a bare CR is invalid (llhttp's lenient optional-LF mode accepts it)"
    private static let strictObsFold =
        "RFC 9112 §5.2: obs-fold is rejected with 400 (llhttp's lenient-headers mode unfolds it)"
    private static let strictCTL = "RFC 9110 §5.5: a field value holds no CTL but HTAB (llhttp lenient mode)"
    private static let notHTTP = "RFC 9112 §2.3: HTTP-version is HTTP/x.y; ICE and RTSP are other protocols"
    private static let fragment = "RFC 9112 §3.2: a request-target carries no fragment ('#')"
    private static let upgradeIgnored =
        "RFC 9110 §7.8: a server may ignore Upgrade; llhttp pauses to hand over the connection, "
        + "we serve the request as HTTP/1.1"
    private static let anyToken =
        "RFC 9110 §9.1: a method is any token; the router answers unknown methods (404/405), not the parser"
    private static let connect =
        "RFC 9110 §9.3.6: CONNECT with an authority-form target is parsed (and answered by the router); "
        + "llhttp pauses to open a tunnel, which this origin server never does. HTTP/1.0 then closes."

    private static let deviations: [String: Deviation] = [
        // HTTP/1.1 requests without Host.
        "connection.md:9 Setting flag": .missingHost(),
        "connection.md:37 Restarting when keep-alive is explicitly": .missingHost(),
        "connection.md:239 Setting flag on `close`": .missingHost(),
        "connection.md:267 Setting flag on `close` followed by tab": .missingHost(),
        "connection.md:456 Sample": .missingHost(),
        "content-length.md:7 `Content-Length` with zeroes": .missingHost(),
        "content-length.md:44 `Content-Length` with follow-up headers": .missingHost(),
        "content-length.md:293 Spaces in `Content-Length` (surrounding)": .missingHost(),
        "content-length.md:320 Tabs in `Content-Length` (surrounding)": .missingHost(),
        "finish.md:9 It should be safe to finish after GET request": .missingHost(),
        "method.md:7 REPORT request": .missingHost(),
        "pausing.md:7 on_message_begin": .missingHost(),
        "pausing.md:37 on_message_complete": .missingHost(),
        "pausing.md:67 on_protocol_complete": .missingHost(),
        "pausing.md:97 on_method_complete": .missingHost(),
        "pausing.md:127 on_url_complete": .missingHost(),
        "pausing.md:157 on_version_complete": .missingHost(),
        "pausing.md:187 on_header_field_complete": .missingHost(),
        "pausing.md:217 on_header_value_complete": .missingHost(),
        "pausing.md:247 on_headers_complete": .missingHost(),
        "pausing.md:277 on_chunk_header": .missingHost(),
        "pausing.md:316 on_chunk_extension_name": .missingHost(),
        "pausing.md:358 on_chunk_extension_value": .missingHost(),
        "pausing.md:401 on_chunk_complete": .missingHost(),
        "pipelining.md:7 Should parse multiple events": .missingHost(),
        "sample.md:9 Simple request": .missingHost(),
        "sample.md:47 Request with method starting with `H`": .missingHost(),
        "sample.md:171 DUMBPACK": .missingHost(),
        "sample.md:199 No headers and no body": .missingHost(),
        "sample.md:222 One header and no body": .missingHost(),
        "sample.md:294 Prefix newline": .missingHost(),
        "sample.md:481 Request starting with CRLF": .missingHost(),
        "sample.md:511 Extended Characters": .missingHost(),
        "sample.md:541 255 ASCII in header value": .missingHost(),
        "transfer-encoding.md:9 Parsing and setting flag": .missingHost(),
        "transfer-encoding.md:36 Parse chunks with lowercase size": .missingHost(),
        "transfer-encoding.md:73 Parse chunks with uppercase size": .missingHost(),
        "transfer-encoding.md:110 POST with `Transfer-Encoding: chunked`": .missingHost(),
        "transfer-encoding.md:147 Two chunks and triple zero prefixed end chunk": .missingHost(),
        "transfer-encoding.md:189 Trailing headers": .missingHost(),
        "transfer-encoding.md:241 Chunk extensions": .missingHost(),
        "transfer-encoding.md:369 Chunk extensions quoting": .missingHost(),
        "uri.md:7 Quotes in URI": .missingHost(),
        "uri.md:32 Query URL with question mark": .missingHost(),
        "uri.md:55 Host terminated by a query string": .missingHost(),
        "uri.md:78 `host:port` terminated by a query string": .missingHost(),
        "uri.md:105 Query URL with vertical bar character": .missingHost(),
        "uri.md:128 `host:port` terminated by a space": .missingHost(),
        // Missing Host, and a further difference once Host is not required.
        "content-length.md:447 Content-Length reset when no body is received": .missingHost(
            then: .parsed(0, because: "RFC 9112 §6.3: the bytes after the head are the first request's "
                + "123-byte body (llhttp's test skips the body from its callback)")),
        "lenient-headers.md:37 Second request header value (lenient)": .missingHost(then: .rejected(.badRequest, because: strictCTL)),
        "transfer-encoding.md:1218 Space after chunk header (lenient)": .missingHost(
            then: .rejected(.badRequest, because: "RFC 9112 §7.1.1: BWS after a chunk size only before ';'")),
        "connection.md:682 Setting a flag and pausing": .missingHost(then: .parsed(1, because: upgradeIgnored)),
        "connection.md:716 Emitting part of body and pausing": .missingHost(then: .parsed(1, because: upgradeIgnored)),
        "invalid.md:359 Invalid method": .missingHost(then: .parsed(1, because: anyToken)),

        // Stricter than llhttp (mostly its lenient modes).
        "content-length.md:232 No error on simultaneous `Content-Length` and `Transfer-Encoding: identity` (lenient)":
            .rejected(.badRequest, because: "RFC 9112 §6.1: a server may reject Transfer-Encoding with Content-Length; we do"),
        "content-length.md:522 Missing CRLF-CRLF before body (lenient)": .rejected(.badRequest, because: strictBareCR),
        "invalid.md:571 Only LFs present (lenient)":
            .rejected(.badRequest, because: "RFC 9112 §2.2: a recipient MAY accept a bare LF as line end; we do not"),
        "invalid.md:690 Spaces before headers (lenient)": .rejected(.badRequest, because: strictObsFold),
        "lenient-header-value-relaxed.md:13 Control char in header value (relaxed)": .rejected(.badRequest, because: strictCTL),
        "lenient-headers.md:9 Header value (lenient)": .rejected(.badRequest, because: strictCTL),
        "lenient-headers.md:112 Empty headers separated by CR (lenient)": .rejected(.badRequest, because: strictBareCR),
        "lenient-version.md:7 Invalid HTTP version (lenient)":
            .rejected(.httpVersionNotSupported, because: "RFC 9110 §15.6.6: only HTTP/1.0 and HTTP/1.1 are served"),
        "method.md:138 M-SEARCH request":
            .rejected(.badRequest, because: "RFC 9112 §3.2.4: the asterisk-form is only for OPTIONS"),
        "method.md:375 SOURCE request with ICE": .rejected(.badRequest, because: notHTTP),
        "method.md:405 OPTIONS request with RTSP": .rejected(.badRequest, because: notHTTP),
        "method.md:433 ANNOUNCE request with RTSP": .rejected(.badRequest, because: notHTTP),
        "sample.md:317 No HTTP version":
            .rejected(.badRequest, because: "RFC 9112 §3: the request-line needs an HTTP-version (no HTTP/0.9)"),
        "sample.md:336 Line folding in header value with CRLF": .rejected(.badRequest, because: strictObsFold),
        "sample.md:458 No LF after CR (lenient)": .rejected(.badRequest, because: strictBareCR),
        "sample.md:576 X-SSL-Nonsense": .rejected(.badRequest, because: strictObsFold),
        "transfer-encoding.md:539 POST with `Transfer-Encoding` and `Content-Length` (lenient)":
            .rejected(.badRequest, because: fragment + "; and RFC 9112 §6.1 (TE with CL)"),
        "transfer-encoding.md:683 POST with `chunked` before other transfer-coding (lenient)":
            .rejected(.badRequest, because: fragment + "; and RFC 9112 §6.3 (chunked not final)"),
        "transfer-encoding.md:716 POST with `chunked` and duplicate transfer-encoding (lenient)":
            .rejected(.badRequest, because: fragment + "; and RFC 9112 §6.3 (chunked not final)"),
        "transfer-encoding.md:754 POST with `chunked` as last transfer-encoding":
            .rejected(.badRequest, because: fragment + "; without it, 501 for deflate (RFC 9112 §6.1)"),
        "transfer-encoding.md:796 POST with `chunked` as last transfer-encoding (multiple headers)":
            .rejected(.badRequest, because: fragment + "; without it, 501 for deflate (RFC 9112 §6.1)"),
        "transfer-encoding.md:1029 Chunk header not terminated by CRLF (lenient)": .rejected(.badRequest, because: strictBareCR),
        "transfer-encoding.md:1144 Chunk data not terminated by CRLF (lenient)":
            .rejected(.badRequest, because: "RFC 9112 §7.1: chunk-data is followed by CRLF"),
        "uri.md:168 Fragment in URI": .rejected(.badRequest, because: fragment),
        "uri.md:225 `host:port` and basic auth":
            .rejected(.badRequest, because: "RFC 9110 §4.2.4: userinfo in an http URI is treated as an error"),

        // llhttp rejects or pauses; we parse.
        "invalid.md:69 HTTP protocol and ANNOUNCE method": .parsed(1, because: anyToken),
        "method.md:30 CONNECT request": .parsed(1, because: connect),
        "method.md:65 CONNECT request with CAPS": .parsed(1, because: connect),
        "method.md:99 CONNECT with body": .parsed(1, because: connect),
        "uri.md:191 Underscore in hostname": .parsed(1, because: connect),
    ]

    /// The corpus is a test resource of this target (`Fixtures/llhttp/`, with its origin and licence).
    private func corpusURL() throws -> URL {
        try XCTUnwrap(
            Bundle.module.url(forResource: "llhttp_cases", withExtension: "jsonl", subdirectory: "Fixtures/llhttp"),
            "llhttp corpus missing from the test bundle (Tests/HTTPServerTests/Fixtures/llhttp)")
    }

    private func loadCases() throws -> [LLHTTPCase] {
        let text = try String(contentsOf: corpusURL(), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(LLHTTPCase.self, from: Data($0.utf8)) }
    }

    func testCorpus() throws {
        let cases = try loadCases()
        XCTAssertEqual(cases.count, 166)
        XCTAssertEqual(Set(cases.map(\.key)).count, cases.count, "keys are unique")
        let unknown = Set(LLHTTPCorpusTests.deviations.keys).subtracting(cases.map(\.key))
        XCTAssertEqual(unknown, [], "every listed deviation names a corpus case")
        for testCase in cases {
            guard let raw = Data(base64Encoded: testCase.rawBase64).map(Array.init) else {
                XCTFail("\(testCase.key): bad base64")
                continue
            }
            check(testCase, raw: raw, deviation: LLHTTPCorpusTests.deviations[testCase.key], requiresHost: true)
        }
    }

    private func check(_ testCase: LLHTTPCase, raw: [UInt8], deviation: Deviation?, requiresHost: Bool) {
        let outcome = feedAllSplits(raw, requiresHost: requiresHost, testCase.key)
        let label = "\(testCase.key) (\(requiresHost ? "Host required" : "Host not required")): \(outcome)"
        switch deviation {
        case nil:
            if testCase.error {
                let discardedAfterClose =
                    testCase.errorReason == "Data after `Connection: close`" && outcome.closed
                    && outcome.requests.count == testCase.messages
                XCTAssertTrue(outcome.error != nil || discardedAfterClose, "must be rejected: \(label)")
                // A rejection that is only about Host must not hide an acceptance.
                if requiresHost, outcome.error == HTTPParseError(status: .badRequest, reason: "missing Host header") {
                    check(testCase, raw: raw, deviation: nil, requiresHost: false)
                }
            } else {
                XCTAssertNil(outcome.error, "must parse: \(label)")
                XCTAssertEqual(outcome.requests.count, testCase.messages, "request count: \(label)")
            }
        case .rejected(let status, let reason)?:
            XCTAssertEqual(outcome.error?.status, status, "stricter than llhttp (\(reason)): \(label)")
        case .parsed(let count, let reason)?:
            XCTAssertNil(outcome.error, "accepted unlike llhttp (\(reason)): \(label)")
            XCTAssertEqual(outcome.requests.count, count, "accepted unlike llhttp (\(reason)): \(label)")
        case .missingHost(let then)?:
            XCTAssertEqual(
                outcome.error, HTTPParseError(status: .badRequest, reason: "missing Host header"), "missing Host: \(label)")
            check(testCase, raw: raw, deviation: then, requiresHost: false)
        }
    }
}
