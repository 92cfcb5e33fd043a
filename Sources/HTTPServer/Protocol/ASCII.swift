import SystemSupport

/// Byte-level ASCII character classes shared by the parser, the encoder and the router.
/// Classes are 128-bit masks (two `UInt64`s) so a test is two shifts, no table load.
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let comma: UInt8 = 0x2C
    static let equals: UInt8 = 0x3D
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let slash: UInt8 = 0x2F
    static let question: UInt8 = 0x3F
    static let percent: UInt8 = 0x25
    static let plus: UInt8 = 0x2B

    @inline(__always)
    private static func inMask(_ byte: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
        ASCIISet(low: low, high: high).contains(byte)
    }

    /// `tchar` (RFC 9110 §5.6.2).
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        inMask(byte, 0x03FF_6CFA_0000_0000, 0x57FF_FFFF_C7FF_FFFE)
    }

    /// Bytes accepted in a request-target: visible ASCII except `#` (a fragment is never sent).
    @inline(__always)
    static func isTargetChar(_ byte: UInt8) -> Bool {
        inMask(byte, 0xFFFF_FFF6_0000_0000, 0x7FFF_FFFF_FFFF_FFFF)
    }

    /// `field-vchar / SP / HTAB` incl. `obs-text` (RFC 9110 §5.5).
    @inline(__always)
    static func isFieldValueChar(_ byte: UInt8) -> Bool {
        byte >= 0x80 || inMask(byte, 0xFFFF_FFFF_0000_0200, 0x7FFF_FFFF_FFFF_FFFF)
    }

    /// `unreserved / sub-delims / "%"` — the bytes of a `reg-name` (RFC 3986 §3.2.2).
    @inline(__always)
    static func isRegNameChar(_ byte: UInt8) -> Bool {
        inMask(byte, 0x2BFF_7FF2_0000_0000, 0x47FF_FFFE_87FF_FFFE)
    }

    /// `unreserved / sub-delims / ":"` — the bytes inside an `IP-literal`'s brackets.
    @inline(__always)
    static func isIPLiteralChar(_ byte: UInt8) -> Bool {
        inMask(byte, 0x2FFF_7FD2_0000_0000, 0x47FF_FFFE_87FF_FFFE)
    }

    /// `qdtext` of a quoted-string (RFC 9110 §5.6.4), incl. `obs-text`.
    @inline(__always)
    static func isQuotedTextChar(_ byte: UInt8) -> Bool {
        byte >= 0x80 || inMask(byte, 0xFFFF_FFFB_0000_0200, 0x7FFF_FFFF_EFFF_FFFF)
    }

    /// The byte after `\` in a `quoted-pair`: `HTAB / SP / VCHAR / obs-text`.
    @inline(__always)
    static func isQuotedPairChar(_ byte: UInt8) -> Bool {
        isFieldValueChar(byte)
    }

    /// `etagc` (RFC 9110 §8.8.3): `%x21 / %x23-7E / obs-text`.
    @inline(__always)
    static func isETagChar(_ byte: UInt8) -> Bool {
        byte >= 0x80 || inMask(byte, 0xFFFF_FFFA_0000_0000, 0x7FFF_FFFF_FFFF_FFFF)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// The value of a hex digit, nil for any other byte.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? { HexDigit.value(byte).map(Int.init) }

    /// Lower-cases an ASCII letter, leaves every other byte alone.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// True when `bytes` equals `lowercaseLiteral` ignoring ASCII case
    /// (`lowercaseLiteral` must be lower-case).
    @inline(__always)
    static func equalsLowercased(
        _ bytes: UnsafeBufferPointer<UInt8>, _ lowercaseLiteral: StaticString
    ) -> Bool {
        guard bytes.count == lowercaseLiteral.utf8CodeUnitCount else { return false }
        let literal = UnsafeBufferPointer(
            start: lowercaseLiteral.utf8Start, count: lowercaseLiteral.utf8CodeUnitCount)
        for index in 0..<bytes.count where lowercased(bytes[index]) != literal[index] {
            return false
        }
        return true
    }

    /// `bytes` without leading and trailing SP / HTAB.
    @inline(__always)
    static func trimmingOWS(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = bytes.count
        while lower < upper, bytes[lower] == space || bytes[lower] == tab { lower += 1 }
        while upper > lower, bytes[upper - 1] == space || bytes[upper - 1] == tab { upper -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[lower..<upper])
    }

    /// Whether every byte of `bytes` is a `field-vchar`, SP, HTAB or `obs-text`
    /// (`isFieldValueChar`): eight bytes at a time (the last word overlapping the one before),
    /// byte by byte only in a word with a control byte (HTAB included) or DEL.
    @inline(__always)
    static func isFieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        guard count >= 8 else {
            for index in 0..<count where !isFieldValueChar(base[index]) { return false }
            return true
        }
        var index = 0
        while true {
            if mayHoldNonFieldValueByte(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                for offset in index..<(index &+ 8) where !isFieldValueChar(base[offset]) { return false }
            }
            if index == count &- 8 { return true }
            index = min(index &+ 8, count &- 8)
        }
    }

    /// Whether any of the eight bytes of `word` may fail `isFieldValueChar`: true when one is
    /// below SP (HTAB too, which passes) or DEL; false means all eight pass.
    @inline(__always)
    static func mayHoldNonFieldValueByte(_ word: UInt64) -> Bool {
        let control = (word &- ones &* 0x20) & ~word & highs
        let delete = word ^ (ones &* 0x7F)
        return (control | ((delete &- ones) & ~delete & highs)) != 0
    }

    /// Whether any of the eight bytes of `word` may fail `isTargetChar`: true when one is SP or
    /// below, `#`, DEL or above (and, rarely, for a byte 0x7E next to such a byte); false means
    /// all eight pass.
    @inline(__always)
    static func mayHoldNonTargetByte(_ word: UInt64) -> Bool {
        let lowOrSpace = (word &- ones &* 0x21) & ~word & highs
        let deleteOrAbove = (word | (word &+ ones)) & highs
        let hash = word ^ (ones &* 0x23)
        return (lowOrSpace | deleteOrAbove | ((hash &- ones) & ~hash & highs)) != 0
    }

    /// How many of the eight bytes at `bytes`, from the first, are ASCII letters or `-` (all
    /// the bytes of most field names): one word load and a few word operations.
    @inline(__always)
    static func leadingLetterOrHyphenCount(_ bytes: UnsafePointer<UInt8>) -> Int {
        let word = UInt64(littleEndian: UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self))
        let low7 = ~highs
        // Each byte lower-cased and below 0x80, so adding at most 0x1F carries into no other byte.
        let folded = (word | ones &* 0x20) & low7
        let letters = (folded &+ ones &* (0x80 - 0x61)) & ~(folded &+ ones &* (0x80 - 0x7B))
        let differences = word ^ (ones &* UInt64(UInt8(ascii: "-")))
        let hyphens = ~(((differences & low7) &+ low7) | differences | low7)
        // The high bit of each byte that is neither (a byte of 0x80 or more is neither).
        let others = (~(letters | hyphens) | word) & highs
        return others.trailingZeroBitCount / 8
    }

    /// 0x01 in every byte of a word.
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    /// 0x80 in every byte of a word.
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// A String from bytes (invalid UTF-8 is repaired with U+FFFD).
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// A String from bytes already known to be ASCII (all below 0x80): copied without the
    /// UTF-8 check `string(_:)` makes.
    static func string(ascii bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            _ = buffer.initialize(fromContentsOf: bytes)
            return bytes.count
        }
    }
}
