/// Serialises a response: status line, the response's headers, plus `Content-Length` (always),
/// `Date` (cached per second by the caller), `Server` (the caller's value, e.g.
/// `HTTPServerConfiguration.serverName`; left out when empty), `Connection: close` when closing.
///
/// - The status line always says `HTTP/1.1` (RFC 9110 §2.5: a server sends its own version).
/// - The encoder owns `Content-Length`, `Transfer-Encoding`, `Date`, `Server` and `Connection`:
///   the response's own fields of those names are dropped, except that a HEAD response
///   (`headOnly`) keeps its own `Content-Length` when it has one (an explicit HEAD handler that
///   knows the size without building the body).
/// - `Content-Length` is the body's size, omitted for 1xx, 204 and 304 (RFC 9110 §8.6).
/// - `Connection: close` when `keepAlive` is false; `Connection: keep-alive` for a persistent
///   HTTP/1.0 connection (RFC 9112 §9.3).
/// - CR, LF and NUL in the reason phrase, field names and values are written as SP, so a value
///   built from untrusted data cannot split the response.
/// - `headOnly` leaves the body out.
/// - The response's `encodedFields` come first, as they are (built under the same rules).
public enum HTTPResponseEncoder {
    /// Appends `response` to `buffer`. `date` is the `Date` value (IMF-fixdate, see `HTTPDate`),
    /// `server` the `Server` value (no field when empty; CR, LF and NUL must already be gone,
    /// as `HTTPServerConfiguration.serverName` ensures).
    public static func encode(
        _ response: HTTPResponse, version: HTTPVersion, date: some Collection<UInt8>,
        server: some Collection<UInt8>, keepAlive: Bool, headOnly: Bool, into buffer: inout [UInt8]
    ) {
        buffer.reserveCapacity(buffer.count + 160 + (headOnly ? 0 : response.body.count))
        if encodeHead(
            response, version: version, date: date, server: server, keepAlive: keepAlive, headOnly: headOnly,
            into: &buffer)
        {
            buffer.append(contentsOf: response.body)
        }
    }

    /// Appends the status line and header section of `response` (as ``encode(_:version:date:server:keepAlive:headOnly:into:)``
    /// would) without the body. Returns true when the body must follow (the caller writes it,
    /// e.g. from the response's own array without copying it).
    public static func encodeHead(
        _ response: HTTPResponse, version: HTTPVersion, date: some Collection<UInt8>,
        server: some Collection<UInt8>, keepAlive: Bool, headOnly: Bool, into buffer: inout [UInt8]
    ) -> Bool {
        let code = response.status.code
        if code == 200, response.status.reasonPhrase == "OK" {
            append("HTTP/1.1 200 OK", to: &buffer)  // most responses: no digits or phrase to check
        } else {
            append("HTTP/1.1 ", to: &buffer)
            appendStatusCode(code, to: &buffer)
            buffer.append(ASCII.space)
            appendSanitised(response.status.reasonPhrase, to: &buffer)
        }
        if server.isEmpty {
            append("\r\nDate: ", to: &buffer)
        } else {
            append("\r\nServer: ", to: &buffer)
            buffer.append(contentsOf: server)
            append("\r\nDate: ", to: &buffer)
        }
        buffer.append(contentsOf: date)
        append("\r\n", to: &buffer)
        buffer.append(contentsOf: response.encodedFields.bytes)

        var ownLength: String?
        for field in response.headers {
            switch ownership(of: field.name) {
            case .contentLength:
                if headOnly, ownLength == nil { ownLength = field.value }
                continue
            case .owned:
                continue
            case .other:
                break
            }
            appendField(field.name, field.value, to: &buffer)
        }

        let hasNoContentField = (100..<200).contains(code) || code == 204 || code == 304
        if !hasNoContentField {
            append("Content-Length: ", to: &buffer)
            if let ownLength {
                appendSanitised(ownLength, to: &buffer)
            } else {
                appendDecimal(response.body.count, to: &buffer)
            }
            append("\r\n", to: &buffer)
        }
        if !keepAlive {
            append("Connection: close\r\n", to: &buffer)
        } else if version == .http1_0 {
            append("Connection: keep-alive\r\n", to: &buffer)
        }
        append("\r\n", to: &buffer)
        return !headOnly && !hasNoContentField && !response.body.isEmpty
    }

    /// Appends `response` to `buffer` without a `Server` field.
    public static func encode(
        _ response: HTTPResponse, version: HTTPVersion, date: some Collection<UInt8>,
        keepAlive: Bool, headOnly: Bool, into buffer: inout [UInt8]
    ) {
        encode(
            response, version: version, date: date, server: EmptyCollection(), keepAlive: keepAlive,
            headOnly: headOnly, into: &buffer)
    }

    /// Whether the encoder writes a field of that name itself.
    enum FieldOwnership {
        case contentLength, owned, other
    }

    static func ownership(of name: String) -> FieldOwnership {
        switch name.utf8.count {
        case 4 where HTTPHeaders.equalsIgnoringCase(name, "Date"):
            return .owned
        case 6 where HTTPHeaders.equalsIgnoringCase(name, "Server"):
            return .owned
        case 10 where HTTPHeaders.equalsIgnoringCase(name, "Connection"):
            return .owned
        case 14 where HTTPHeaders.equalsIgnoringCase(name, "Content-Length"):
            return .contentLength
        case 17 where HTTPHeaders.equalsIgnoringCase(name, "Transfer-Encoding"):
            return .owned
        default:
            return .other
        }
    }

    private static func appendStatusCode(_ code: Int, to buffer: inout [UInt8]) {
        // Three digits always (RFC 9110 §15); out-of-range codes are clamped rather than
        // producing an unparseable status line.
        let clamped = min(max(code, 100), 999)
        buffer.append(UInt8(truncatingIfNeeded: clamped / 100) &+ 0x30)
        buffer.append(UInt8(truncatingIfNeeded: clamped / 10 % 10) &+ 0x30)
        buffer.append(UInt8(truncatingIfNeeded: clamped % 10) &+ 0x30)
    }

    /// The decimal digits of `value` (≥ 0), without a String.
    private static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for any Int
        withUnsafeMutableBytes(of: &digits) { raw in
            var remaining = max(value, 0).magnitude
            var start = raw.count
            repeat {
                start -= 1
                raw[start] = UInt8(truncatingIfNeeded: remaining % 10) &+ 0x30
                remaining /= 10
            } while remaining > 0
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start...]))
        }
    }

    /// Appends the field line `name: value` CRLF, CR, LF and NUL written as SP.
    static func appendField(_ name: String, _ value: String, to buffer: inout [UInt8]) {
        appendSanitised(name, to: &buffer)
        append(": ", to: &buffer)
        appendSanitised(value, to: &buffer)
        append("\r\n", to: &buffer)
    }

    private static func append(_ text: StaticString, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func appendSanitised(_ text: String, to buffer: inout [UInt8]) {
        let first = buffer.count
        if text.utf8.withContiguousStorageIfAvailable({ buffer.append(contentsOf: $0) }) == nil {
            buffer.append(contentsOf: text.utf8)
        }
        buffer.withUnsafeMutableBufferPointer { bytes in
            // CR (0x0D), LF (0x0A) and NUL are all below 0x0E: one compare per byte in the
            // common case.
            for index in first..<bytes.count where bytes[index] < 0x0E {
                switch bytes[index] {
                case ASCII.cr, ASCII.lf, 0: bytes[index] = ASCII.space
                default: continue
                }
            }
        }
    }
}
