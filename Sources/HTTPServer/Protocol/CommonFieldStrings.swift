/// Field values that requests commonly carry and callers commonly ask for as Strings: one
/// sent exactly so becomes its String literal (no validation, no allocation, nothing to
/// release); anything else is decoded from its bytes.
enum CommonFieldStrings {
    /// The field value's String, as sent (obs-text that is not UTF-8 becomes U+FFFD). The
    /// common values are media types of more than 15 bytes (shorter Strings are stored inline,
    /// without an allocation, anyway).
    static func value(_ value: UnsafeBufferPointer<UInt8>) -> String {
        if value.count == 16, let base = value.baseAddress {
            if matches16(base, "application/json") { return "application/json" }
            if matches16(base, "application/yaml") { return "application/yaml" }
        }
        return ASCII.string(value)
    }

    /// Whether the 16 bytes at `bytes` are the 16-byte `literal`'s: two word loads on each side,
    /// no byte loop.
    @inline(__always)
    private static func matches16(_ bytes: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let sent = UnsafeRawPointer(bytes)
        let expected = UnsafeRawPointer(literal.utf8Start)
        return sent.loadUnaligned(as: UInt64.self) == expected.loadUnaligned(as: UInt64.self)
            && sent.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                == expected.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    }
}
