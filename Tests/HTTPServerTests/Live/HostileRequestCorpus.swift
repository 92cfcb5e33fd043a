import HTTPServer

/// One hostile (or borderline) request sent on a fresh connection.
struct HostileCase {
    /// Short name shown in failures.
    var name: String
    /// The exact bytes sent.
    var bytes: [UInt8]
    /// Statuses expected, in order (several for pipelined input).
    var statuses: [Int]
    /// True: the server must close the connection after the last response.
    /// False: it must keep it open (checked with a follow-up request on the same connection).
    var closes: Bool
    /// Expected body of the last response, when it matters (e.g. a decoded chunked body).
    var body: String? = nil

    init(_ name: String, _ text: String, _ statuses: [Int], closes: Bool, body: String? = nil) {
        self.name = name
        self.bytes = Array(text.utf8)
        self.statuses = statuses
        self.closes = closes
        self.body = body
    }

    init(_ name: String, bytes: [UInt8], _ statuses: [Int], closes: Bool) {
        self.name = name
        self.bytes = bytes
        self.statuses = statuses
        self.closes = closes
    }
}

/// The hostile-request corpus: request smuggling (CL.TE, TE.CL, TE.TE obfuscations), broken
/// framing, oversized parts, invalid bytes, bad versions, Host rules and pipelining around a bad
/// request. The server under test runs with `HostileRequestCorpus.limits`.
enum HostileRequestCorpus {
    /// Small limits so that oversize cases stay small.
    static let limits = HTTPParserLimits(
        maxRequestTargetBytes: 2048, maxHeaderSectionBytes: 4096, maxHeaderCount: 20, maxBodyBytes: 4096)

    private static let post = "POST /echo HTTP/1.1\r\nHost: t\r\n"
    private static let get = "GET /hello HTTP/1.1\r\nHost: t\r\n"

    static let cases: [HostileCase] = smuggling + contentLength + chunked + sizes + invalidBytes
        + requestLines + versions + hosts + pipelining + others

    static let smuggling: [HostileCase] = [
        HostileCase("CL.TE", post + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG", [400], closes: true),
        HostileCase("TE.CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n0\r\n\r\nG", [400], closes: true),
        HostileCase("TE.CL with chunk holding a request", post + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n1f\r\nGET /hello HTTP/1.1\r\nHost: t\r\n\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE chunkedx", post + "Transfer-Encoding: chunkedx\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE space before colon", post + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE tab before colon", post + "Transfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE chunked, identity", post + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE identity alone", post + "Transfer-Encoding: identity\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE gzip, chunked (unsupported coding)", post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", [501], closes: true),
        HostileCase("TE duplicate headers", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE duplicate, second obfuscated", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE obs-fold", post + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE line starting with space", post + " Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE vertical tab", post + "Transfer-Encoding: \u{0B}chunked\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE empty value", post + "Transfer-Encoding: \r\n\r\n", [400], closes: true),
        HostileCase("TE in HTTP/1.0", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("TE mixed-case value is chunked", post + "Transfer-Encoding: ChUnKeD\r\n\r\n3\r\nabc\r\n0\r\n\r\n", [200], closes: false, body: "abc"),
        HostileCase("TE mixed-case name is chunked", post + "tRANSFER-eNCODING: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", [200], closes: false, body: "abc"),
        HostileCase("TE tab OWS is chunked", post + "Transfer-Encoding:\tchunked\t\r\n\r\n3\r\nabc\r\n0\r\n\r\n", [200], closes: false, body: "abc"),
        HostileCase("TE extra spaces OWS is chunked", post + "Transfer-Encoding:   chunked  \r\n\r\n2\r\nok\r\n0\r\n\r\n", [200], closes: false, body: "ok"),
    ]

    static let contentLength: [HostileCase] = [
        HostileCase("CL duplicate, different", post + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", [400], closes: true),
        HostileCase("CL duplicate, same", post + "Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", [400], closes: true),
        HostileCase("CL list", post + "Content-Length: 3, 3\r\n\r\nabc", [400], closes: true),
        HostileCase("CL negative", post + "Content-Length: -1\r\n\r\n", [400], closes: true),
        HostileCase("CL non-numeric", post + "Content-Length: abc\r\n\r\n", [400], closes: true),
        HostileCase("CL plus sign", post + "Content-Length: +3\r\n\r\nabc", [400], closes: true),
        HostileCase("CL hex", post + "Content-Length: 0x3\r\n\r\nabc", [400], closes: true),
        HostileCase("CL inner space", post + "Content-Length: 1 2\r\n\r\n", [400], closes: true),
        HostileCase("CL trailing junk", post + "Content-Length: 3abc\r\n\r\nabc", [400], closes: true),
        HostileCase("CL empty", post + "Content-Length: \r\n\r\n", [400], closes: true),
        HostileCase("CL overflowing digits", post + "Content-Length: 99999999999999999999999999\r\n\r\n", [413], closes: true),
        HostileCase("CL above body limit", post + "Content-Length: 4097\r\n\r\n", [413], closes: true),
        HostileCase("CL exact body", post + "Content-Length: 3\r\n\r\nabc", [200], closes: false, body: "abc"),
    ]

    static let chunked: [HostileCase] = [
        HostileCase("chunk size not hex", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("chunk size empty", post + "Transfer-Encoding: chunked\r\n\r\n\r\nabc\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("chunk size with leading space", post + "Transfer-Encoding: chunked\r\n\r\n 3\r\nabc\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("chunk size huge", post + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n", [413], closes: true),
        HostileCase("chunks above body limit", post + "Transfer-Encoding: chunked\r\n\r\n1001\r\n", [413], closes: true),
        HostileCase("chunk data longer than size", post + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("chunk bare LF", post + "Transfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n", [400], closes: true),
        HostileCase("chunk extension with bad char", post + "Transfer-Encoding: chunked\r\n\r\n3;a b\r\nabc\r\n0\r\n\r\n", [400], closes: true),
        HostileCase("chunk extension accepted", post + "Transfer-Encoding: chunked\r\n\r\n3;name=value\r\nabc\r\n0\r\n\r\n", [200], closes: false, body: "abc"),
        HostileCase("chunked with trailer", post + "Transfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-Trailer: 1\r\n\r\n", [200], closes: false, body: "hi"),
    ]

    static let sizes: [HostileCase] = [
        HostileCase("URI too long", "GET /" + String(repeating: "a", count: 2100) + " HTTP/1.1\r\nHost: t\r\n\r\n", [414], closes: true),
        HostileCase("header section too large", get + "X-Big: " + String(repeating: "b", count: 5000) + "\r\n\r\n", [431], closes: true),
        HostileCase("too many header fields", get + (0..<25).map { "X-\($0): v\r\n" }.joined() + "\r\n", [431], closes: true),
        HostileCase("body above limit", post + "Content-Length: 5000\r\n\r\n" + String(repeating: "c", count: 5000), [413], closes: true),
    ]

    static let invalidBytes: [HostileCase] = [
        HostileCase("NUL in header value", bytes: Array((get + "X-A: a").utf8) + [0] + Array("b\r\n\r\n".utf8), [400], closes: true),
        HostileCase("bare CR in header value", get + "X-A: a\rb\r\n\r\n", [400], closes: true),
        HostileCase("bare LF ending a header line", get + "X-A: a\nX-B: b\r\n\r\n", [400], closes: true),
        HostileCase("NUL in target", bytes: Array("GET /he".utf8) + [0] + Array("llo HTTP/1.1\r\nHost: t\r\n\r\n".utf8), [400], closes: true),
        HostileCase("byte 0xFF in target", bytes: Array("GET /\u{7F}".utf8) + [0xFF] + Array(" HTTP/1.1\r\nHost: t\r\n\r\n".utf8), [400], closes: true),
        HostileCase("non-ASCII in header name", bytes: Array(get.utf8) + [0xC3, 0xA9] + Array(": v\r\n\r\n".utf8), [400], closes: true),
        HostileCase("control byte in method", bytes: [0x47, 0x01, 0x54] + Array(" /hello HTTP/1.1\r\nHost: t\r\n\r\n".utf8), [400], closes: true),
        HostileCase("empty header name", get + ": value\r\n\r\n", [400], closes: true),
        HostileCase("header line without colon", get + "NoColonHere\r\n\r\n", [400], closes: true),
        HostileCase("separator in header name", get + "X(A): v\r\n\r\n", [400], closes: true),
        HostileCase("obs-fold in an ordinary header", get + "X-A: a\r\n b\r\n\r\n", [400], closes: true),
        HostileCase("DEL in header value", get + "X-A: a\u{7F}b\r\n\r\n", [400], closes: true),
    ]

    static let requestLines: [HostileCase] = [
        HostileCase("space in target", "GET /a b HTTP/1.1\r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("two spaces after method", "GET  /hello HTTP/1.1\r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("tab as separator", "GET\t/hello HTTP/1.1\r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("whitespace before method", " GET /hello HTTP/1.1\r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("asterisk target with GET", "GET * HTTP/1.1\r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("userinfo in absolute target", "GET http://u@t/hello HTTP/1.1\r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("over-long method", String(repeating: "X", count: 100) + " /hello HTTP/1.1\r\nHost: t\r\n\r\n", [501], closes: true),
        HostileCase("bare LF before request line", "\n" + get + "\r\n", [400], closes: true),
        HostileCase("empty line before request line is ignored", "\r\n" + get + "\r\n", [200], closes: false, body: "hello"),
        HostileCase("absolute-form target", "GET http://t/hello HTTP/1.1\r\nHost: t\r\n\r\n", [200], closes: false, body: "hello"),
    ]

    static let versions: [HostileCase] = [
        HostileCase("HTTP/2.0", "GET /hello HTTP/2.0\r\nHost: t\r\n\r\n", [505], closes: true),
        HostileCase("HTTP/1.2", "GET /hello HTTP/1.2\r\nHost: t\r\n\r\n", [505], closes: true),
        HostileCase("HTTP/3.0", "GET /hello HTTP/3.0\r\nHost: t\r\n\r\n", [505], closes: true),
        HostileCase("lowercase http", "GET /hello http/1.1\r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("version without minor", "GET /hello HTTP/1\r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("two-digit major", "GET /hello HTTP/11.1\r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("trailing space after version", "GET /hello HTTP/1.1 \r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("HTTP/0.9 request line", "GET /hello\r\n\r\n", [400], closes: true),
    ]

    static let hosts: [HostileCase] = [
        HostileCase("HTTP/1.1 without Host", "GET /hello HTTP/1.1\r\n\r\n", [400], closes: true),
        HostileCase("duplicate Host", get + "Host: u\r\n\r\n", [400], closes: true),
        HostileCase("Host with space", "GET /hello HTTP/1.1\r\nHost: a b\r\n\r\n", [400], closes: true),
        HostileCase("Host with userinfo", "GET /hello HTTP/1.1\r\nHost: u@t\r\n\r\n", [400], closes: true),
        HostileCase("HTTP/1.0 without Host is fine and closes", "GET /hello HTTP/1.0\r\n\r\n", [200], closes: true, body: "hello"),
    ]

    static let pipelining: [HostileCase] = [
        HostileCase("good, good, bad, good", get + "\r\n" + get + "\r\n" + "GET /x HTTP/9.9\r\nHost: t\r\n\r\n" + get + "\r\n", [200, 200, 505], closes: true),
        HostileCase("good, smuggled CL.TE, good", get + "\r\n" + post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + get + "\r\n", [200, 400], closes: true),
        HostileCase("deferred, then bad: order kept", "GET /deferred?ms=100 HTTP/1.1\r\nHost: t\r\n\r\n" + "BAD\r\n\r\n", [200, 400], closes: true),
        HostileCase("good then Connection: close then good", get + "\r\n" + get + "Connection: close\r\n\r\n" + get + "\r\n", [200, 200], closes: true),
    ]

    static let others: [HostileCase] = [
        HostileCase("unsupported Expect", post + "Expect: teapot\r\nContent-Length: 1\r\n\r\na", [417], closes: true),
        HostileCase("CONNECT without authority", "CONNECT /hello HTTP/1.1\r\nHost: t\r\n\r\n", [400], closes: true),
        HostileCase("GET with a body is read and ignored", get + "Content-Length: 3\r\n\r\nabc", [200], closes: false, body: "hello"),
    ]
}
