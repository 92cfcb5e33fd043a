import HTTPServer
import XCTest

@testable import NetpolService

/// Table-driven rules of `Accept` negotiation, `Content-Type` parsing, entity-tag lists and
/// the service's query/path parameters.
final class NegotiationTests: XCTestCase {
    func request(_ headers: [(String, String)]) -> HTTPRequest {
        HTTPRequest(method: .get, target: "/", headers: HTTPHeaders(headers))
    }

    func testAcceptNegotiation() {
        // (Accept values, offers, expected essence or nil for 406)
        let policies = ContentNegotiation.policies
        let cases: [([String], [MediaType], String?)] = [
            ([], policies, "application/json"),
            (["*/*"], policies, "application/json"),
            (["application/*"], policies, "application/json"),
            (["application/yaml"], policies, "application/yaml"),
            (["APPLICATION/X-YAML"], policies, "application/x-yaml"),
            (["text/yaml; charset=utf-8"], policies, "text/yaml"),
            (["text/*"], policies, "text/yaml"),
            (["application/json;q=0.5, application/yaml"], policies, "application/yaml"),
            (["application/json;q=0.5, application/yaml;q=0.4"], policies, "application/json"),
            (["application/yaml;q=0.9, text/yaml"], policies, "text/yaml"),
            (["application/json;q=0, */*"], policies, "application/yaml"),
            (["*/*;q=0.1, application/yaml;q=0"], policies, "application/json"),
            (["application/json;q=0"], policies, nil),
            (["text/html"], policies, nil),
            (["application/yaml"], ContentNegotiation.jsonOnly, nil),
            (["text/html", "application/json"], ContentNegotiation.jsonOnly, "application/json"),
            (["text/plain"], ContentNegotiation.diff, "text/plain"),
            (["text/x-diff, text/plain"], ContentNegotiation.diff, "text/x-diff"),
            (["text/markdown;q=1.000, application/json;q=0.999"], ContentNegotiation.flows, "text/markdown"),
            // Malformed ranges are ignored; nothing well-formed left = no preference.
            (["garbage"], policies, "application/json"),
            (["application/yaml;q=2, text/yaml"], policies, "text/yaml"),
            (["*/yaml, application/yaml;q=0.5"], policies, "application/yaml"),
        ]
        for (values, offers, expected) in cases {
            let chosen = ContentNegotiation.negotiate(request(values.map { ("Accept", $0) }), offers: offers)
            XCTAssertEqual(chosen?.essence, expected, "Accept: \(values)")
        }
    }

    /// The shortcuts for no `Accept` field and for one exact value (compared byte by byte) answer
    /// what the full negotiation answers, for the offers themselves and values one byte off them.
    func testOneValueShortcutAgreesWithTheFullNegotiation() {
        var values = ["*/*", "*/+", "+/*", "**/", ""]
        for offers in [ContentNegotiation.policies, ContentNegotiation.diff, ContentNegotiation.flows] {
            for essence in offers.map(\.essence) {
                let bytes = Array(essence.utf8)
                values.append(essence)
                for index in [0, bytes.count / 2, bytes.count - 1] {
                    var changed = bytes
                    changed[index] ^= 0x01
                    values.append(String(decoding: changed, as: UTF8.self))
                }
                values.append(essence + "x")
                values.append(String(essence.dropLast()))
            }
            let withoutAccept = AcceptNegotiation.preferred(acceptValues: [], offers: offers, mediaType: \.essence)
            XCTAssertEqual(ContentNegotiation.negotiate(request([]), offers: offers), withoutAccept, "no Accept")
            for value in values {
                let full = AcceptNegotiation.preferred(acceptValues: [value], offers: offers, mediaType: \.essence)
                XCTAssertEqual(ContentNegotiation.negotiate(request([("Accept", value)]), offers: offers), full, value)
            }
        }
    }

    func testContentTypeSelectsTheParser() {
        let cases: [(String?, String?)] = [
            ("application/json", "json"), ("Application/JSON; charset=UTF-8", "json"), ("application/yaml", "yaml"),
            ("application/x-yaml", "yaml"), ("TEXT/YAML;charset=utf-8", "yaml"), ("text/plain", nil),
            ("application/merge-patch+json", nil), ("", nil), (nil, nil),
        ]
        for (contentType, expected) in cases {
            let headers = contentType.map { [("Content-Type", $0)] } ?? []
            let format = ContentNegotiation.inputFormat(request(headers)).map { "\($0)" }
            XCTAssertEqual(format, expected, "Content-Type: \(contentType ?? "none")")
        }
    }

    func testEntityTagLists() {
        let cases: [(String, [String]?)] = [
            ("*", ["*"]), (" * ", ["*"]), (#""a""#, [#""a""#]), (#"W/"a", "b""#, [#"W/"a""#, #""b""#]),
            (#""a,b", "c""#, [#""a,b""#, #""c""#]), (#""sha256:ab""#, [#""sha256:ab""#]), ("abc", nil),
            (#""unterminated"#, nil), (#"*, "a""#, nil), ("", nil), (#""a" junk"#, nil),
        ]
        // The service reads If-Match / If-None-Match with HTTPServer's EntityTagCondition.
        func tagList(_ value: String) -> [String]? {
            switch EntityTagCondition(fieldValues: [value]) {
            case .any: return ["*"]
            case .tags(let tags) where !tags.isEmpty: return tags.map(\.description)
            case .tags, .absent, .malformed: return nil
            }
        }
        for (value, expected) in cases {
            XCTAssertEqual(tagList(value), expected, value)
        }
        XCTAssertEqual(EntityTags.revision(number: 3, digest: "sha256:ab"), #""3-sha256:ab""#)
        XCTAssertEqual(EntityTags.policies(digest: "sha256:ab"), #""sha256:ab""#)
    }

    func testStorePreconditionFromHeaders() {
        let cases: [([(String, String)], String)] = [
            ([], "none"),
            ([("If-Match", #""a", "b""#)], #"ifMatch(["\"a\"", "\"b\""])"#),
            ([("If-Match", "*")], #"ifMatch(["*"])"#),
            ([("If-Match", "garbage")], "ifMatch([])"),
            ([("If-None-Match", "*")], "ifNoneMatchAny"),
            ([("If-None-Match", #""a""#)], #"ifNoneMatch(["\"a\""])"#),
        ]
        for (headers, expected) in cases {
            XCTAssertEqual("\(EntityTags.storePrecondition(request(headers)))", expected, "\(headers)")
        }
    }

    func testDecimalsAndLabels() {
        let decimals: [(String, Int?)] = [
            ("0", 0), ("42", 42), ("0042", 42), ("", nil), ("-1", nil), ("+1", nil), ("1e3", nil), (" 1", nil),
            ("99999999999999999999", nil), ("9999999999999999", 9_999_999_999_999_999),
        ]
        for (text, expected) in decimals { XCTAssertEqual(QueryParameters.decimal(text), expected, text) }
        let labels: [(String, Bool)] = [
            ("a", true), ("dev-1", true), ("1abc", true), ("-a", false), ("a-", false), ("A", false), ("a_b", false),
            ("", false), (String(repeating: "a", count: 63), true), (String(repeating: "a", count: 64), false),
            ("a.b", false), ("caf\u{E9}", false), (String(repeating: "b", count: 30) + "-ok", true),
        ]
        for (text, expected) in labels { XCTAssertEqual(StackPath.isDNSLabel(text), expected, text) }
    }

    func testListenAddresses() {
        let cases: [(String, String?, Int?)] = [
            ("127.0.0.1:8080", "127.0.0.1", 8080), ("0.0.0.0:0", "0.0.0.0", 0), ("[::1]:9000", "::1", 9000),
            ("localhost:1", "localhost", 1), ("127.0.0.1", nil, nil), ("::1:80", nil, nil), (":80", nil, nil),
            ("host:65536", nil, nil), ("host:-1", nil, nil), ("[::1]80", nil, nil), ("host:99999999999999999999", nil, nil),
        ]
        for (text, host, port) in cases {
            let parsed = ListenAddress.parse(text)
            XCTAssertEqual(parsed?.host, host, text)
            XCTAssertEqual(parsed?.port, port, text)
        }
        let loopback: [(String, Bool)] = [
            ("127.0.0.1", true), ("127.1.2.3", true), ("localhost", true), ("::1", true), ("0.0.0.0", false),
            ("::", false), ("10.0.0.1", false), ("127.0.0.256", false), ("127.0.0", false),
        ]
        for (host, expected) in loopback { XCTAssertEqual(ListenAddress.isLoopback(host), expected, host) }
        XCTAssertEqual(ListenAddress.localClientHost("0.0.0.0"), "127.0.0.1")
        XCTAssertEqual(ListenAddress.localClientHost("::"), "::1")
        XCTAssertEqual(ListenAddress.localClientHost("10.1.2.3"), "10.1.2.3")
    }

    func testPolicyCacheDropsFillsThatRacedWithAWrite() {
        let entry = PolicyCache.Entry(revision: 1, etag: "\"x\"", json: [1], yaml: [2])
        let kept = entry.withEncodedFields()  // as the cache keeps it: with its encoded header fields
        let cache = PolicyCache(budget: 2 * kept.bytes)
        let a = StackPath(namespace: "ns", name: "a")
        let epoch = cache.currentEpoch()
        cache.invalidate(StackPath(namespace: "ns", name: "other"))
        cache.fill(a, entry, epoch: epoch)
        XCTAssertNil(cache.entry(a), "a fill that started before a write is dropped")
        cache.fill(a, entry, epoch: cache.currentEpoch())
        XCTAssertEqual(cache.entry(a)?.revision, 1)
        cache.invalidate(a)
        XCTAssertNil(cache.entry(a))
        for name in ["b", "c", "d"] {
            cache.fill(StackPath(namespace: "ns", name: name), entry, epoch: cache.currentEpoch())
        }
        XCTAssertEqual(cache.count, 2, "bounded by its byte budget")
    }
}
