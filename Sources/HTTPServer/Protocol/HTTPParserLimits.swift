/// Size limits enforced by `HTTPRequestParser`.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest request-target; longer → 414.
    public var maxRequestTargetBytes: Int
    /// Longest header section (request line + field lines + CRLFs); longer → 431.
    public var maxHeaderSectionBytes: Int
    /// Most field lines in the header section; more → 431.
    public var maxHeaderCount: Int
    /// Largest body (declared by `Content-Length` or received chunked); larger → 413.
    public var maxBodyBytes: Int
    /// Longest chunk extension of one chunk (after the size); longer → 400.
    public var maxChunkExtensionBytes: Int
    /// Largest trailer section; larger → 431.
    public var maxTrailerBytes: Int

    public init(
        maxRequestTargetBytes: Int = 8192, maxHeaderSectionBytes: Int = 16384,
        maxHeaderCount: Int = 100, maxBodyBytes: Int = 1 << 20,
        maxChunkExtensionBytes: Int = 1024, maxTrailerBytes: Int = 8192
    ) {
        self.maxRequestTargetBytes = maxRequestTargetBytes
        self.maxHeaderSectionBytes = maxHeaderSectionBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkExtensionBytes = maxChunkExtensionBytes
        self.maxTrailerBytes = maxTrailerBytes
    }
}
