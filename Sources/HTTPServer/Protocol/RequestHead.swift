/// The request being assembled by `HTTPRequestParser`: the request line, the header fields and
/// the framing facts (RFC 9112 §6) gathered field line by field line, so that conflicts are
/// rejected as soon as the offending line arrives.
struct RequestHead {
    /// How the body is delimited.
    enum Framing: Equatable {
        case none
        case length(Int)
        case chunked
    }

    private(set) var method = HTTPMethod.get
    private var target = ""
    private var path = ""
    private var query: String?
    private(set) var version = HTTPVersion.http1_1
    private var fields = ReceivedFieldStorage.Builder()
    /// Bytes of the header section so far (field lines and their CRLFs).
    var fieldBytes = 0

    private var contentLength: Int?
    private var hasTransferEncoding = false
    private var chunkedSeen = false
    private var unsupportedCoding = false
    private var hostCount = 0
    private(set) var expectsContinue = false
    private var unsupportedExpectation = false
    private var connectionClose = false
    private var connectionKeepAlive = false

    /// Takes the parts of a complete request line.
    mutating func setRequestLine(
        _ line: UnsafeBufferPointer<UInt8>, scanner: RequestLineScanner
    ) throws(HTTPParseError) {
        let method = RequestHead.method(UnsafeBufferPointer(rebasing: line[..<scanner.methodEnd]))
        let targetBytes = UnsafeBufferPointer(rebasing: line[(scanner.methodEnd + 1)..<scanner.targetEnd])
        (target, path, query) = try RequestTarget.split(targetBytes, method: method)
        self.method = method
        version = scanner.version
    }

    /// Known methods without allocating.
    private static func method(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPMethod {
        switch bytes.count {
        case 3:
            if bytes[0] == UInt8(ascii: "G"), bytes[1] == UInt8(ascii: "E"), bytes[2] == UInt8(ascii: "T") {
                return .get
            }
            if bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "U"), bytes[2] == UInt8(ascii: "T") {
                return .put
            }
        case 4:
            if bytes.elementsEqual("POST".utf8) { return .post }
            if bytes.elementsEqual("HEAD".utf8) { return .head }
        case 6:
            if bytes.elementsEqual("DELETE".utf8) { return .delete }
        default:
            break
        }
        return HTTPMethod(ASCII.string(bytes))
    }

    /// Adds one field line (`content`: the line without CRLF, already free of CR).
    mutating func addField(
        _ content: UnsafeBufferPointer<UInt8>, limits: HTTPParserLimits
    ) throws(HTTPParseError) {
        let (name, value) = try RequestHead.splitField(content)
        guard fields.count < limits.maxHeaderCount else {
            throw HTTPParseError(status: .requestHeaderFieldsTooLarge, reason: "too many header fields")
        }
        switch name.count {
        case 4 where ASCII.equalsLowercased(name, "host"):
            try addHost(value)
        case 6 where ASCII.equalsLowercased(name, "expect"):
            addExpect(value)
        case 10 where ASCII.equalsLowercased(name, "connection"):
            addConnection(value)
        case 14 where ASCII.equalsLowercased(name, "content-length"):
            try addContentLength(value, limits: limits)
        case 17 where ASCII.equalsLowercased(name, "transfer-encoding"):
            try addTransferEncoding(value)
        default:
            break
        }
        fields.append(name: name, value: value)
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5): name a token, no whitespace before
    /// the colon, value of field-vchars, SP and HTAB (CR was ruled out by the caller).
    static func splitField(
        _ content: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParseError) -> (name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
        guard let base = content.baseAddress else { throw .bad("field line without colon") }
        let count = content.count
        var colon = 0
        // Eight bytes at a time while they are letters or `-`, then byte by byte.
        while colon &+ 8 <= count {
            let letters = ASCII.leadingLetterOrHyphenCount(base + colon)
            colon &+= letters
            if letters < 8 { break }
        }
        while colon < count, ASCII.isTokenChar(base[colon]) { colon &+= 1 }
        guard colon < count else { throw .bad("field line without colon") }
        let stop = base[colon]
        guard stop == ASCII.colon else {
            if stop == ASCII.space || stop == ASCII.tab { throw .bad("whitespace before colon") }
            throw .bad("invalid character in field name")
        }
        guard colon > 0 else { throw .bad("empty field name") }
        let value = ASCII.trimmingOWS(UnsafeBufferPointer(start: base + colon + 1, count: count - colon - 1))
        guard ASCII.isFieldValue(value) else { throw .bad("invalid character in field value") }
        return (UnsafeBufferPointer(start: base, count: colon), value)
    }

    /// RFC 9112 §3.2: exactly one Host, a valid `uri-host [":" port]` with a non-empty host
    /// (RFC 9110 §4.2.1: an `http` URI with an empty host is invalid).
    private mutating func addHost(_ value: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        hostCount += 1
        guard hostCount == 1 else { throw .bad("duplicate Host header") }
        guard !value.isEmpty else { throw .bad("empty Host header") }
        guard RequestTarget.isValidAuthority(value, requirePort: false) else {
            throw .bad("invalid Host header")
        }
    }

    private mutating func addExpect(_ value: UnsafeBufferPointer<UInt8>) {
        if value.isEmpty { return }
        if ASCII.equalsLowercased(value, "100-continue") {
            expectsContinue = true
        } else {
            unsupportedExpectation = true
        }
    }

    private mutating func addConnection(_ value: UnsafeBufferPointer<UInt8>) {
        for option in value.split(separator: ASCII.comma, omittingEmptySubsequences: true) {
            let token = ASCII.trimmingOWS(UnsafeBufferPointer(rebasing: option))
            if ASCII.equalsLowercased(token, "close") { connectionClose = true }
            if ASCII.equalsLowercased(token, "keep-alive") { connectionKeepAlive = true }
        }
    }

    /// `Content-Length = 1*DIGIT` (RFC 9110 §8.6). Stricter than the RFC's "identical values"
    /// allowance: a second Content-Length line or a list is rejected even when the values agree,
    /// as any disagreement between hops is a smuggling vector.
    private mutating func addContentLength(
        _ value: UnsafeBufferPointer<UInt8>, limits: HTTPParserLimits
    ) throws(HTTPParseError) {
        guard contentLength == nil else { throw .bad("duplicate Content-Length") }
        guard !hasTransferEncoding else { throw .bad("both Transfer-Encoding and Content-Length") }
        guard !value.isEmpty else { throw .bad("empty Content-Length") }
        var length = 0
        for byte in value {
            guard ASCII.isDigit(byte) else { throw .bad("invalid Content-Length") }
            // Checked per digit, so a long run of digits is a 413, never an overflow.
            let (scaled, overflow) = length.multipliedReportingOverflow(by: 10)
            let (next, carry) = scaled.addingReportingOverflow(Int(byte &- 0x30))
            length = next
            if overflow || carry || length > limits.maxBodyBytes {
                throw HTTPParseError(status: .contentTooLarge, reason: "request body too large")
            }
        }
        contentLength = length
    }

    /// `Transfer-Encoding = #transfer-coding` (RFC 9112 §6.1): chunked must be last and only
    /// once, with no parameters; other codings are not implemented (501). HTTP/1.0 → 400.
    private mutating func addTransferEncoding(_ value: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        guard version != .http1_0 else { throw .bad("Transfer-Encoding in an HTTP/1.0 request") }
        guard contentLength == nil else { throw .bad("both Transfer-Encoding and Content-Length") }
        hasTransferEncoding = true
        for element in value.split(separator: ASCII.comma, omittingEmptySubsequences: false) {
            let coding = ASCII.trimmingOWS(UnsafeBufferPointer(rebasing: element))
            if coding.isEmpty { continue }
            guard !chunkedSeen else { throw .bad("chunked is not the final transfer coding") }
            var nameEnd = 0
            while nameEnd < coding.count, ASCII.isTokenChar(coding[nameEnd]) { nameEnd += 1 }
            guard nameEnd > 0 else { throw .bad("invalid Transfer-Encoding") }
            let name = UnsafeBufferPointer(rebasing: coding[..<nameEnd])
            let parameters = ASCII.trimmingOWS(UnsafeBufferPointer(rebasing: coding[nameEnd...]))
            if ASCII.equalsLowercased(name, "chunked") {
                guard parameters.isEmpty else { throw .bad("invalid Transfer-Encoding") }
                chunkedSeen = true
            } else {
                guard parameters.isEmpty || parameters[0] == ASCII.semicolon else {
                    throw .bad("invalid Transfer-Encoding")
                }
                unsupportedCoding = true
            }
        }
    }

    /// Decides the framing once the header section is complete.
    func framing(requiresHost: Bool) throws(HTTPParseError) -> Framing {
        if requiresHost, version == .http1_1, hostCount == 0 { throw .bad("missing Host header") }
        if unsupportedExpectation {
            throw HTTPParseError(status: .expectationFailed, reason: "unsupported expectation")
        }
        if hasTransferEncoding {
            guard chunkedSeen else { throw .bad("chunked is not the final transfer coding") }
            guard !unsupportedCoding else {
                throw HTTPParseError(status: .notImplemented, reason: "unsupported transfer coding")
            }
            return .chunked
        }
        if let contentLength, contentLength > 0 { return .length(contentLength) }
        return .none
    }

    /// RFC 9112 §9.3: HTTP/1.1 persists unless `close`; HTTP/1.0 only with `keep-alive`.
    var keepAlive: Bool {
        if connectionClose { return false }
        return version == .http1_1 || connectionKeepAlive
    }

    /// `Expect: 100-continue` only applies to HTTP/1.1 (RFC 9110 §10.1.1: ignored on 1.0).
    var wantsContinue: Bool { expectsContinue && version == .http1_1 }

    /// The complete request with `body`, its parts moved out of the head (no copies to retain
    /// or release): `body` is left empty and the head spent (to be `reset()`).
    mutating func takeRequest(body: inout [UInt8]) -> HTTPRequest {
        HTTPRequest(
            method: method, target: Self.take(&target, leaving: ""), path: Self.take(&path, leaving: ""),
            query: query.take(), version: version, headers: HTTPHeaders(received: fields.finish()),
            body: Self.take(&body, leaving: []), keepAlive: keepAlive)
    }

    /// `value`, moved out and replaced by `replacement`.
    @inline(__always)
    private static func take<Value>(_ value: inout Value, leaving replacement: Value) -> Value {
        var taken = replacement
        swap(&taken, &value)
        return taken
    }

    /// Forgets the request taken, for the next one; the field storage is kept for reuse.
    mutating func reset() {
        var fields = ReceivedFieldStorage.Builder()
        swap(&fields, &self.fields)
        self = RequestHead()
        swap(&fields, &self.fields)
    }
}
