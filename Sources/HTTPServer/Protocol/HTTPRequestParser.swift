#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Incremental, strict RFC 9112 request parser over arbitrary splits of the byte stream.
///
/// Feed bytes with `append(_:)` and take requests with `nextRequest()` until it returns nil.
/// Rejected (400 unless noted; the connection is then closed):
/// - bare LF or a CR not followed by LF anywhere in the head or chunk framing;
/// - obs-fold and whitespace at the start of a field line; whitespace before a colon;
/// - duplicate `Content-Length` even with equal values, lists in `Content-Length`;
/// - `Transfer-Encoding` with `Content-Length`, on HTTP/1.0, or not ending in a single
///   `chunked` (codings other than `chunked` → 501);
/// - missing, duplicate or malformed `Host` on HTTP/1.1;
/// - request-target bytes other than visible ASCII, a fragment (`#`), userinfo, schemes other
///   than http(s), `*` except for OPTIONS, CONNECT without an authority-form target;
/// - versions other than HTTP/1.0 and HTTP/1.1 → 505 when well-formed;
/// - `Expect` other than `100-continue` → 417.
/// Limits (`HTTPParserLimits`): request-target → 414; a method over 32 bytes → 501; header
/// section bytes or field count, trailer bytes or count → 431; a declared or chunked body over
/// `maxBodyBytes` → 413 as soon as the size is known, before the body is read; a chunk extension
/// → 400. Any split of the stream gives the same requests and the same error (checks that can
/// fire before a line is complete are ordered by byte position). Bytes of later pipelined
/// requests stay buffered until asked for: the connection bounds how much it reads ahead.
/// Header names and values are kept as sent (values without surrounding OWS); obs-text bytes
/// that are not UTF-8 become U+FFFD in the value strings. Trailer fields are checked like header
/// fields and discarded.
/// Empty lines (CRLF) before a request line are skipped (RFC 9112 §2.2), up to
/// `maxHeaderSectionBytes` of them. After a request that does not keep the connection alive,
/// later bytes are discarded and never parsed (RFC 9112 §9.6). Errors are sticky: once
/// `nextRequest()` has thrown it throws the same error again.
public struct HTTPRequestParser: Sendable {
    /// Where the parser is in the current request; drives the connection's timeouts.
    public enum Phase: Sendable, Equatable {
        /// No byte of a next request is buffered.
        case idle
        /// Reading a request line or header section.
        case head
        /// Reading a body (or its chunk framing and trailers).
        case body
    }

    private enum State {
        case requestLine
        case fields
        case fixedBody(Int)
        case chunkLine
        case chunkData(Int)
        case chunkDataEnd
        case trailers
    }

    /// The limits this parser enforces.
    public let limits: HTTPParserLimits
    /// Whether HTTP/1.1 requests must carry `Host` (tests switch it off to compare with
    /// parsers that do not check it).
    var requiresHost = true

    private var buffer: [UInt8] = []
    /// Index in `buffer` of the first byte not consumed yet.
    private var start = 0
    private var state = State.requestLine
    private var requestLine = RequestLineScanner()
    private var chunkLine = ChunkLineScanner()
    /// Bytes of the pending field line already searched for LF and CR.
    private var fieldLineScanned = 0
    private var emptyLineBytes = 0
    private var trailerBytes = 0
    private var trailerCount = 0
    private var head = RequestHead()
    private var body: [UInt8] = []
    private var continuePending = false
    /// Set after a request that closes the connection: nothing more is parsed.
    private(set) var isClosed = false
    private var failure: HTTPParseError?

    public init(limits: HTTPParserLimits = .init()) {
        self.limits = limits
    }

    /// Where the parser is: `.idle` between requests (and once closed or failed), `.head` while
    /// a request line or header section is incomplete, `.body` while a body is incomplete.
    @inline(__always)  // read on every event of the connection: inlined, the parser is not copied
    public var phase: Phase {
        if isClosed || failure != nil { return .idle }
        switch state {
        case .requestLine: return buffer.count > start ? .head : .idle
        case .fields: return .head
        case .fixedBody, .chunkLine, .chunkData, .chunkDataEnd, .trailers: return .body
        }
    }

    /// Buffers more bytes of the stream (ignored once closed or failed).
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !isClosed, failure == nil, !bytes.isEmpty else { return }
        // Compact only once the consumed prefix is at least as long as what is left, so each
        // byte is moved O(1) times overall.
        if start > 0, start >= buffer.count - start {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
    }

    /// The next complete request, nil if more bytes are needed. After a throw the connection must
    /// be closed after sending the error response (no request smuggling).
    public mutating func nextRequest() throws(HTTPParseError) -> HTTPRequest? {
        if let failure { throw failure }
        if isClosed { return nil }
        switch parseBuffer() {
        case .success(let request):
            if let request, !request.keepAlive {
                isClosed = true
                buffer = []
                start = 0
            } else if start == buffer.count, start > 0 {
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            return request
        case .failure(let error):
            failure = error
            buffer = []
            start = 0
            throw error
        }
    }

    /// True once per request when its head is complete, it carried `Expect: 100-continue` and its
    /// body is not fully received yet: the connection should write `HTTP/1.1 100 Continue\r\n\r\n`.
    public mutating func takeContinueRequest() -> Bool {
        defer { continuePending = false }
        return continuePending
    }

    private mutating func parseBuffer() -> Result<HTTPRequest?, HTTPParseError> {
        // Moved out while `parse` reads it and mutates the rest of self (a second reference
        // would retain and release the storage on every call); `parse` never touches `buffer`.
        var bytes: [UInt8] = []
        swap(&bytes, &buffer)
        defer { swap(&bytes, &buffer) }
        return bytes.withUnsafeBufferPointer { pointer in
            do throws(HTTPParseError) {
                return .success(try parse(pointer))
            } catch {
                return .failure(error)
            }
        }
    }

    private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPRequest? {
        while true {
            switch state {
            case .requestLine:
                let line = UnsafeBufferPointer(rebasing: bytes[start...])
                switch try requestLine.scan(line, limits: limits) {
                case .incomplete:
                    return nil
                case .emptyLine:
                    start += 2
                    emptyLineBytes += 2
                    requestLine = RequestLineScanner()
                    guard emptyLineBytes <= limits.maxHeaderSectionBytes else {
                        throw .bad("too many empty lines before the request line")
                    }
                case .complete(let length):
                    try head.setRequestLine(line, scanner: requestLine)
                    start += length
                    requestLine = RequestLineScanner()
                    emptyLineBytes = 0
                    state = .fields
                }
            case .fields:
                guard
                    let line = try nextFieldLine(
                        bytes, used: head.fieldBytes, limit: limits.maxHeaderSectionBytes)
                else { return nil }
                head.fieldBytes += line.lineLength
                let content = line.content
                if !content.isEmpty {
                    try head.addField(content, limits: limits)
                    continue
                }
                switch try head.framing(requiresHost: requiresHost) {
                case .none:
                    return completeRequest()
                case .length(let length):
                    state = .fixedBody(length)
                case .chunked:
                    state = .chunkLine
                }
                continuePending = head.wantsContinue
            case .fixedBody(let length):
                guard bytes.count - start >= length else { return nil }
                body = Array(UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]))
                start += length
                return completeRequest()
            case .chunkLine:
                let line = UnsafeBufferPointer(rebasing: bytes[start...])
                guard
                    let size = try chunkLine.scan(
                        line, allowance: limits.maxBodyBytes - body.count, limits: limits)
                else { return nil }
                start += chunkLine.offset
                chunkLine = ChunkLineScanner()
                state = size == 0 ? .trailers : .chunkData(size)
            case .chunkData(let remaining):
                let available = min(remaining, bytes.count - start)
                guard available > 0 else { return nil }
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(start + available)]))
                start += available
                guard available == remaining else {
                    state = .chunkData(remaining - available)
                    return nil
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                let available = bytes.count - start
                guard available > 0 else { return nil }
                guard bytes[start] == ASCII.cr else { throw .bad("missing CRLF after chunk data") }
                guard available > 1 else { return nil }
                guard bytes[start + 1] == ASCII.lf else { throw .bad("CR not followed by LF") }
                start += 2
                state = .chunkLine
            case .trailers:
                guard
                    let line = try nextFieldLine(
                        bytes, used: trailerBytes, limit: limits.maxTrailerBytes)
                else { return nil }
                trailerBytes += line.lineLength
                let content = line.content
                if content.isEmpty { return completeRequest() }
                // Trailer fields are checked like header fields, then discarded: nothing may
                // reach the request's headers after they were framed (RFC 9110 §6.5.1).
                _ = try RequestHead.splitField(content)
                trailerCount += 1
                guard trailerCount <= limits.maxHeaderCount else {
                    throw HTTPParseError(status: .requestHeaderFieldsTooLarge, reason: "too many trailer fields")
                }
            }
        }
    }

    /// The next complete field line's content (without CRLF; empty for the empty line that ends
    /// the section) and its length with CRLF, consuming it; nil if incomplete. Errors that can be seen before the line
    /// is complete — whitespace at its start (obs-fold), a CR not followed by LF, the section
    /// outgrowing `limit` (431) — are checked by byte position, so any split of the stream gives
    /// the same error.
    private mutating func nextFieldLine(
        _ bytes: UnsafeBufferPointer<UInt8>, used: Int, limit: Int
    ) throws(HTTPParseError) -> (content: UnsafeBufferPointer<UInt8>, lineLength: Int)? {
        let pending = UnsafeBufferPointer(rebasing: bytes[start...])
        guard let first = pending.first else { return nil }
        if first == ASCII.space || first == ASCII.tab {
            throw .bad("obs-fold or whitespace at the start of a field line")
        }
        // Index in the line of the first byte past the limit.
        let overLimit = max(limit - used, 0)
        guard let lineFeed = HTTPRequestParser.firstLineFeed(in: pending, from: fieldLineScanned) else {
            // A CR followed by any byte is bad here (that byte is not LF); a final CR may still
            // be followed by LF.
            let lastChecked = pending.count - 1
            try HTTPRequestParser.checkEarlyErrors(
                pending, from: max(fieldLineScanned - 1, 0), to: lastChecked, overLimit: overLimit)
            fieldLineScanned = pending.count
            return nil
        }
        let hasCR = lineFeed > 0 && pending[lineFeed - 1] == ASCII.cr
        let contentEnd = hasCR ? lineFeed - 1 : lineFeed
        try HTTPRequestParser.checkEarlyErrors(
            pending, from: max(fieldLineScanned - 1, 0), to: contentEnd, overLimit: overLimit,
            lineEnd: lineFeed)
        guard hasCR else { throw .bad("bare LF") }
        fieldLineScanned = 0
        start += lineFeed + 1
        return (UnsafeBufferPointer(rebasing: pending[..<contentEnd]), lineFeed + 1)
    }

    /// Throws for the earliest of: a CR at an index in `from..<to` (it is followed by a byte
    /// that is not LF), the byte at `overLimit` (431) if it is at or before `lineEnd`.
    private static func checkEarlyErrors(
        _ line: UnsafeBufferPointer<UInt8>, from: Int, to: Int, overLimit: Int, lineEnd: Int? = nil
    ) throws(HTTPParseError) {
        let lastIndex = lineEnd ?? line.count - 1
        var carriageReturn: Int?
        if from < to, let base = line.baseAddress,
            let found = memchr(base + from, Int32(ASCII.cr), to - from)
        {
            carriageReturn = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        if overLimit <= lastIndex, overLimit <= carriageReturn ?? Int.max {
            throw HTTPParseError(status: .requestHeaderFieldsTooLarge, reason: "header section too large")
        }
        if carriageReturn != nil { throw .bad("CR not followed by LF") }
    }

    /// Index of the first LF in `bytes` at or after `from`.
    private static func firstLineFeed(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + from, Int32(ASCII.lf), bytes.count - from)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    private mutating func completeRequest() -> HTTPRequest {
        let request = head.takeRequest(body: &body)
        head.reset()
        trailerBytes = 0
        trailerCount = 0
        continuePending = false
        state = .requestLine
        return request
    }
}
