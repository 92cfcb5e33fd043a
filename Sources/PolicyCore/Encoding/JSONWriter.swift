import SystemSupport

/// A small append-only writer of JSON text into a byte buffer.
///
/// It writes values, not structure: the caller emits `{`, `,`, `:` and keys in the
/// order it wants (canonical JSON wants keys sorted by code point, RFC 8785).
/// Strings are escaped as RFC 8785 prescribes: `"` and `\` escaped, the control
/// characters U+0000–U+001F as `\b \t \n \f \r` or `\u00xx` (lowercase hex), `/` not
/// escaped, everything else (including non-ASCII) written as its UTF-8 bytes.
///
/// Non-copyable: it owns its buffer. Take the text with `bytes` (a copy) or `finish()`.
///
/// ```swift
/// var w = JSONWriter(reservingCapacity: 64)
/// w.raw("{\"name\":")
/// w.string(name)
/// w.raw(",\"port\":")
/// w.int(port)
/// w.raw("}")
/// let json = w.finish()
/// ```
public struct JSONWriter: ~Copyable {
    var buffer: ByteBuffer

    /// A writer with an empty buffer that can grow to `capacity` bytes without reallocating.
    public init(reservingCapacity capacity: Int = 256) {
        buffer = ByteBuffer(capacity: capacity)
    }

    /// The text written so far (UTF-8), copied out.
    public var bytes: [UInt8] { buffer.array }

    /// The number of bytes written so far.
    public var count: Int { buffer.count }

    /// The text written, ending the writer.
    public consuming func finish() -> [UInt8] { buffer.array }

    /// Appends text verbatim (punctuation, keys, pre-encoded constant JSON).
    @inline(__always)
    public mutating func raw(_ text: StaticString) {
        buffer.append(text)
    }

    /// Appends already-encoded JSON bytes verbatim.
    public mutating func raw(_ encoded: [UInt8]) {
        buffer.append(encoded)
    }

    /// Appends one byte verbatim.
    public mutating func raw(byte: UInt8) {
        buffer.append(byte: byte)
    }

    /// Appends `value` as a JSON string: quoted and escaped (RFC 8785).
    public mutating func string(_ value: String) {
        JSONWriter.appendQuoted(value, to: &buffer, escapingForYAML: false)
    }

    /// Appends `"name":` — an object key (caller keeps keys sorted and separated).
    public mutating func key(_ name: String) {
        string(name)
        buffer.append(byte: UInt8(ascii: ":"))
    }

    /// Appends `value` in decimal.
    public mutating func int(_ value: Int) {
        JSONWriter.appendDecimal(value, to: &buffer)
    }

    /// Appends `true` or `false`.
    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// Appends `null`.
    public mutating func null() {
        raw("null")
    }

    /// Appends a JSON array of strings: `["a","b"]`.
    public mutating func stringArray(_ values: [String]) {
        buffer.append(byte: UInt8(ascii: "["))
        for i in values.indices {
            if i > 0 { buffer.append(byte: UInt8(ascii: ",")) }
            string(values[i])
        }
        buffer.append(byte: UInt8(ascii: "]"))
    }

    /// `value` as JSON string text, quotes included.
    public static func quoted(_ value: String) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: value.utf8.count + 2)
        w.string(value)
        return w.finish()
    }
}

// MARK: - Shared byte-level helpers (also used by the YAML encoder)

extension JSONWriter {
    /// Appends the decimal digits of `value` without intermediate allocations.
    static func appendDecimal(_ value: Int, to out: inout ByteBuffer) {
        if value < 0 { out.append(byte: UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            out.append(byte: UInt8(truncatingIfNeeded: magnitude) &+ 0x30)
            return
        }
        // At most 20 digits for a 64-bit magnitude.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = 24
            while magnitude > 0 {
                start -= 1
                buffer[start] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
            }
            out.append(UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Appends `text` in double quotes with JSON escapes.
    ///
    /// For JSON (RFC 8785) only `"`, `\` and U+0000–U+001F are escaped. For a YAML
    /// double-quoted scalar also the characters YAML does not allow raw or reads as line
    /// breaks: U+007F, U+0080–U+009F (C1, incl. NEL), U+2028, U+2029, U+FEFF, U+FFFE,
    /// U+FFFF — as `\uXXXX`, which YAML reads like JSON does.
    static func appendQuoted(_ text: String, to out: inout ByteBuffer, escapingForYAML yaml: Bool) {
        out.append(byte: UInt8(ascii: "\""))
        if let done = text.utf8.withContiguousStorageIfAvailable({
            appendEscaped($0, to: &out, escapingForYAML: yaml)
        }) {
            _ = done
        } else {
            var copy = text
            copy.withUTF8 { appendEscaped($0, to: &out, escapingForYAML: yaml) }
        }
        out.append(byte: UInt8(ascii: "\""))
    }

    /// Appends `text` with JSON escapes (no quotes), copying clean runs in one piece.
    static func appendEscaped(
        _ text: UnsafeBufferPointer<UInt8>, to out: inout ByteBuffer, escapingForYAML yaml: Bool
    ) {
        guard let base = text.baseAddress else { return }
        let n = text.count
        var i = firstCandidate(base, n, from: 0, yaml: yaml)
        if i == n {
            out.append(UnsafeRawBufferPointer(start: base, count: n))
            return
        }
        var runStart = 0
        while i < n {
            let b = base[i]
            var escapeLength = 0
            var scalar: UInt32 = 0
            if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                escapeLength = 1
                scalar = UInt32(b)
            } else if yaml, let special = YAMLOutputScalar.specialScalar(in: text, at: i) {
                escapeLength = special.length
                scalar = special.scalar
            }
            if escapeLength == 0 {
                i = firstCandidate(base, n, from: i + 1, yaml: yaml)
                continue
            }
            if runStart < i {
                out.append(UnsafeRawBufferPointer(start: base + runStart, count: i - runStart))
            }
            appendEscape(scalar, to: &out)
            i += escapeLength
            runStart = i
            i = firstCandidate(base, n, from: i, yaml: yaml)
        }
        if runStart < n {
            out.append(UnsafeRawBufferPointer(start: base + runStart, count: n - runStart))
        }
    }

    /// The index of the first byte at or after `start` that may need escaping (see
    /// `mayNeedEscape`), or `n`: eight bytes at a time, then byte by byte.
    @inline(__always)
    private static func firstCandidate(_ base: UnsafePointer<UInt8>, _ n: Int, from start: Int, yaml: Bool) -> Int {
        var i = start
        while n &- i >= 8 {
            if mayNeedEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self), yaml: yaml) { break }
            i &+= 8
        }
        while i < n {
            let b = base[i]
            if b < 0x20 || b == 0x22 || b == 0x5C || (yaml && b >= 0x7F) { return i }
            i &+= 1
        }
        return n
    }

    /// Whether any of the eight bytes in `word` may need escaping: a control character,
    /// `"` or `\`; for YAML also any byte ≥ 0x7F (checked one by one).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64, yaml: Bool) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let special = ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs)
        let nonASCII = yaml ? (word | (word &+ ones)) & highs : 0  // ≥ 0x80, or 0x7F
        return (control | special | nonASCII) != 0
    }

    /// Appends the JSON escape of one character that must not be written raw.
    private static func appendEscape(_ scalar: UInt32, to out: inout ByteBuffer) {
        out.append(byte: UInt8(ascii: "\\"))
        switch scalar {
        case 0x22: out.append(byte: UInt8(ascii: "\""))
        case 0x5C: out.append(byte: UInt8(ascii: "\\"))
        case 0x08: out.append(byte: UInt8(ascii: "b"))
        case 0x09: out.append(byte: UInt8(ascii: "t"))
        case 0x0A: out.append(byte: UInt8(ascii: "n"))
        case 0x0C: out.append(byte: UInt8(ascii: "f"))
        case 0x0D: out.append(byte: UInt8(ascii: "r"))
        default:
            out.append(byte: UInt8(ascii: "u"))
            out.append(byte: HexDigit.lowercase(UInt8(truncatingIfNeeded: scalar >> 12)))
            out.append(byte: HexDigit.lowercase(UInt8(truncatingIfNeeded: scalar >> 8)))
            out.append(byte: HexDigit.lowercase(UInt8(truncatingIfNeeded: scalar >> 4)))
            out.append(byte: HexDigit.lowercase(UInt8(truncatingIfNeeded: scalar)))
        }
    }
}
