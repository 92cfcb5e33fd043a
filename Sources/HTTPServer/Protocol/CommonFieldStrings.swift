/// Header field names, and a few values, that requests commonly carry, in their usual
/// spelling: one sent exactly so becomes its String literal (no validation, no allocation,
/// nothing to release); anything else, or another spelling, is decoded from its bytes.
enum CommonFieldStrings {
    /// The field name's String, spelled as sent.
    static func name(_ name: UnsafeBufferPointer<UInt8>) -> String {
        known(name) ?? ASCII.string(name)
    }

    /// The field value's String, as sent. The common values are media types of more than 15
    /// bytes (shorter Strings are stored inline, without an allocation, anyway).
    static func value(_ value: UnsafeBufferPointer<UInt8>) -> String {
        if value.count == 16, let base = value.baseAddress {
            if matches(base, "application/json") { return "application/json" }
            if matches(base, "application/yaml") { return "application/yaml" }
        }
        return ASCII.string(value)
    }

    /// The literal spelled exactly as `name`, if it is one of the common names.
    private static func known(_ name: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = name.baseAddress else { return nil }
        switch name.count {
        case 4:
            if matches(base, "Host") { return "Host" }
        case 6:
            if matches(base, "Accept") { return "Accept" }
            if matches(base, "Cookie") { return "Cookie" }
            if matches(base, "Origin") { return "Origin" }
            if matches(base, "Expect") { return "Expect" }
        case 7:
            if matches(base, "Referer") { return "Referer" }
        case 8:
            if matches(base, "If-Match") { return "If-Match" }
        case 10:
            if matches(base, "User-Agent") { return "User-Agent" }
            if matches(base, "Connection") { return "Connection" }
        case 12:
            if matches(base, "Content-Type") { return "Content-Type" }
            if matches(base, "X-Request-Id") { return "X-Request-Id" }
        case 13:
            if matches(base, "Authorization") { return "Authorization" }
            if matches(base, "If-None-Match") { return "If-None-Match" }
            if matches(base, "Cache-Control") { return "Cache-Control" }
        case 14:
            if matches(base, "Content-Length") { return "Content-Length" }
        case 15:
            if matches(base, "Accept-Encoding") { return "Accept-Encoding" }
            if matches(base, "Accept-Language") { return "Accept-Language" }
            if matches(base, "X-Forwarded-For") { return "X-Forwarded-For" }
        case 16:
            if matches(base, "Impersonate-User") { return "Impersonate-User" }
        case 17:
            if matches(base, "Transfer-Encoding") { return "Transfer-Encoding" }
        default:
            break
        }
        return nil
    }

    /// Whether the `literal.utf8CodeUnitCount` bytes at `bytes` are `literal`'s (4 to 17
    /// bytes): two overlapping word loads on each side, no byte loop.
    @inline(__always)
    private static func matches(_ bytes: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        let sent = UnsafeRawPointer(bytes)
        let expected = UnsafeRawPointer(literal.utf8Start)
        if count >= 8 {
            return sent.loadUnaligned(as: UInt64.self) == expected.loadUnaligned(as: UInt64.self)
                && sent.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                    == expected.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                && (count <= 16
                    || sent.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                        == expected.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        return sent.loadUnaligned(as: UInt32.self) == expected.loadUnaligned(as: UInt32.self)
            && sent.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                == expected.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    }
}
