/// Header field lines serialised once, for a response sent many times with the same fields
/// (a cached representation's `Content-Type`, `ETag`, `Vary`): `HTTPResponseEncoder` copies
/// the bytes as they are instead of encoding and sanitising each field again per response.
///
/// Built from `HTTPHeaders` under the encoder's rules: CR, LF and NUL written as SP, and the
/// fields the encoder owns (`Content-Length`, `Transfer-Encoding`, `Date`, `Server`,
/// `Connection`) left out.
public struct EncodedHeaderFields: Sendable, Equatable {
    /// The field lines, each `name: value` CRLF.
    public let bytes: [UInt8]

    /// No field.
    public init() { bytes = [] }

    /// The field lines of `headers`, in order.
    public init(_ headers: HTTPHeaders) {
        var bytes: [UInt8] = []
        for field in headers where HTTPResponseEncoder.ownership(of: field.name) == .other {
            HTTPResponseEncoder.appendField(field.name, field.value, to: &bytes)
        }
        self.bytes = bytes
    }

    /// The value of the first field named `name` (ASCII case-insensitive), nil if there is none:
    /// for readers of a response other than the encoder (tests, diagnostics), not per request.
    public func value(of name: String) -> String? {
        var lineStart = 0
        while lineStart < bytes.count {
            guard let colon = bytes[lineStart...].firstIndex(of: UInt8(ascii: ":")),
                let lineEnd = bytes[colon...].firstIndex(of: ASCII.cr)
            else { return nil }
            let fieldName = String(decoding: bytes[lineStart..<colon], as: UTF8.self)
            if HTTPHeaders.equalsIgnoringCase(fieldName, name) {
                return String(decoding: bytes[(colon + 2)..<lineEnd], as: UTF8.self)
            }
            lineStart = lineEnd + 2
        }
        return nil
    }
}
