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
        // 1 KiB of stack holds a head of the server's own fields and a few of the response's.
        HeadWriter.append(to: &buffer, guess: 1024) { head in
            writeHead(response, version: version, date: date, server: server, keepAlive: keepAlive, headOnly: headOnly, to: &head)
        }
    }

    private static func writeHead(
        _ response: HTTPResponse, version: HTTPVersion, date: some Collection<UInt8>,
        server: some Collection<UInt8>, keepAlive: Bool, headOnly: Bool, to head: inout HeadWriter
    ) -> Bool {
        let code = response.status.code
        if code == 200, response.status.reasonPhrase == "OK" {
            head.write("HTTP/1.1 200 OK")  // most responses: no digits or phrase to check
        } else {
            head.write("HTTP/1.1 ")
            head.writeStatusCode(code)
            head.write(byte: ASCII.space)
            head.writeSanitised(response.status.reasonPhrase)
        }
        if server.isEmpty {
            head.write("\r\nDate: ")
        } else {
            head.write("\r\nServer: ")
            head.write(server)
            head.write("\r\nDate: ")
        }
        head.write(date)
        head.write("\r\n")
        response.encodedFields.bytes.withUnsafeBytes { head.write($0) }

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
            head.writeField(field.name, field.value)
        }

        let hasNoContentField = (100..<200).contains(code) || code == 204 || code == 304
        if !hasNoContentField {
            head.write("Content-Length: ")
            if let ownLength {
                head.writeSanitised(ownLength)
            } else {
                head.writeDecimal(response.body.count)
            }
            head.write("\r\n")
        }
        if !keepAlive {
            head.write("Connection: close\r\n")
        } else if version == .http1_0 {
            head.write("Connection: keep-alive\r\n")
        }
        head.write("\r\n")
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

    /// Appends the field line `name: value` CRLF, CR, LF and NUL written as SP.
    static func appendField(_ name: String, _ value: String, to buffer: inout [UInt8]) {
        HeadWriter.append(to: &buffer, guess: name.utf8.count + value.utf8.count + 4) { $0.writeField(name, value) }
    }
}
