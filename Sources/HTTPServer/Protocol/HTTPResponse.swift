/// An HTTP response: status, header fields and the whole body. `Content-Length`, `Date`,
/// `Server` and `Connection` are added by `HTTPResponseEncoder`.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    /// Field lines encoded once (e.g. kept with a cached representation), sent before `headers`.
    public var encodedFields: EncodedHeaderFields
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// What runs once the response is written (see ``ResponseEpilogue``); nil: nothing.
    public var epilogue: ResponseEpilogue?

    public init(
        status: HTTPStatus, encodedFields: EncodedHeaderFields = EncodedHeaderFields(), headers: HTTPHeaders = [:],
        body: [UInt8] = []
    ) {
        self.status = status
        self.encodedFields = encodedFields
        self.headers = headers
        self.body = body
        epilogue = nil
    }

    /// The value of the first field named `name` in `encodedFields` or else `headers`; nil if
    /// neither has one.
    public func value(of name: String) -> String? {
        encodedFields.value(of: name) ?? headers[name]
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ status: HTTPStatus, _ text: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "text/plain; charset=utf-8"],
            body: Array(text.utf8))
    }
}
