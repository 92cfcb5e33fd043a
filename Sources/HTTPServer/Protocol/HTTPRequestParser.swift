/// Incremental, strict RFC 9112 request parser over arbitrary splits of the byte stream.
public struct HTTPRequestParser: Sendable {
    /// Where the parser is in the current request; drives the connection's timeouts.
    public enum Phase: Sendable, Equatable {
        /// No byte of a next request is buffered.
        case idle
        /// Reading a request line / header section.
        case head
        /// Reading a body.
        case body
    }

    /// The limits this parser enforces.
    public let limits: HTTPParserLimits
    private var buffer: [UInt8] = []

    public init(limits: HTTPParserLimits = .init()) {
        self.limits = limits
    }

    public var phase: Phase { buffer.isEmpty ? .idle : .head }

    /// Buffers more bytes of the stream.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete request, nil if more bytes are needed. After a throw the connection must
    /// be closed after sending the error response (no request smuggling).
    public mutating func nextRequest() throws(HTTPParseError) -> HTTPRequest? {
        nil
    }

    /// True once per request when its head is complete, it carried `Expect: 100-continue` and its
    /// body is not fully received yet: the connection should write `HTTP/1.1 100 Continue\r\n\r\n`.
    public mutating func takeContinueRequest() -> Bool {
        false
    }
}
