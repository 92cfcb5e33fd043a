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
    @usableFromInline var buffer: ByteBuffer

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

    /// Calls `body` with the text written so far, in place (valid only during the call).
    @inlinable
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try buffer.withBytes(body)
    }

    /// Forgets the text written, keeping the buffer's capacity for the next text.
    public mutating func removeAll() {
        buffer.removeAll()
    }

    /// Appends text verbatim (punctuation, keys, pre-encoded constant JSON).
    @inlinable @inline(__always)
    public mutating func raw(_ text: StaticString) {
        buffer.append(text)
    }

    /// Appends already-encoded JSON bytes verbatim.
    @inlinable @inline(__always)
    public mutating func raw(_ encoded: [UInt8]) {
        buffer.append(encoded)
    }

    /// Appends already-encoded JSON bytes verbatim.
    @inlinable @inline(__always)
    public mutating func raw(_ encoded: UnsafeRawBufferPointer) {
        buffer.append(encoded)
    }

    /// Appends what `body` writes straight into the buffer: it gets room for `maximum` bytes and
    /// returns how many of them it wrote (verbatim text, as `raw`).
    @inlinable @inline(__always)
    public mutating func raw(atMost maximum: Int, _ body: (UnsafeMutableRawPointer) -> Int) {
        buffer.append(atMost: maximum, body)
    }

    /// Appends one byte verbatim.
    @inlinable
    public mutating func raw(byte: UInt8) {
        buffer.append(byte: byte)
    }

    /// Appends `value` as a JSON string: quoted and escaped (RFC 8785).
    @inlinable @inline(__always)
    public mutating func string(_ value: String) {
        JSONWriter.appendQuoted(value, to: &buffer)
    }

    /// Appends `"name":` — an object key (caller keeps keys sorted and separated).
    public mutating func key(_ name: String) {
        string(name)
        buffer.append(byte: UInt8(ascii: ":"))
    }

    /// Appends `value` in decimal.
    @inlinable
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
    /// Appends the decimal digits of `value` straight into `out` (counted first, then written
    /// from the last).
    @inlinable
    static func appendDecimal(_ value: Int, to out: inout ByteBuffer) {
        if value < 0 { out.append(byte: UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // At most 19 digits: |Int.min| = 2^63 < 10^19, so `power` stops at 10^19 (no overflow).
        var digits = 1
        var power: UInt = 10
        while magnitude >= power {
            digits &+= 1
            power &*= 10
        }
        out.append(atMost: digits) { target in
            var index = digits
            repeat {
                index &-= 1
                target.storeBytes(
                    of: UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30, toByteOffset: index, as: UInt8.self)
                magnitude /= 10
            } while index > 0
            return digits
        }
    }

    /// Appends `text` in double quotes with JSON escapes (RFC 8785).
    @inlinable @inline(__always)
    static func appendQuoted(_ text: String, to out: inout ByteBuffer) {
        if let done = text.utf8.withContiguousStorageIfAvailable({ appendQuoted($0, to: &out) }) {
            _ = done
        } else {
            appendQuotedCopy(text, to: &out)
        }
    }

    /// ``appendQuoted(_:to:)`` of a string without contiguous UTF-8 (made contiguous first),
    /// out of line: the inlined path stays small.
    @inline(never) @usableFromInline
    static func appendQuotedCopy(_ text: String, to out: inout ByteBuffer) {
        var copy = text
        copy.withUTF8 { appendQuoted($0, to: &out) }
    }

    /// ``appendQuoted(_:to:)`` of UTF-8 text: text that needs no escape is written with its
    /// quotes in one go. Not inlined into the String's two representations' paths: compiled
    /// once, small enough for its unaligned loads and stores to be inlined.
    @inline(never) @usableFromInline
    static func appendQuoted(_ text: UnsafeBufferPointer<UInt8>, to out: inout ByteBuffer) {
        let n = text.count
        var clean = 0
        out.append(atMost: n &+ 2) { target in
            target.storeBytes(of: UInt8(ascii: "\""), as: UInt8.self)
            clean = copyCleanWords(text, to: target + 1, yaml: false)
            guard clean == n else { return clean &+ 1 }
            target.storeBytes(of: UInt8(ascii: "\""), toByteOffset: n &+ 1, as: UInt8.self)
            return n &+ 2
        }
        guard clean < n else { return }
        appendEscaped(text, from: clean, to: &out, escapingForYAML: false)
        out.append(byte: UInt8(ascii: "\""))
    }

    /// Appends `text` with escapes (no quotes), copying clean runs in one piece.
    ///
    /// For JSON (RFC 8785) only `"`, `\` and U+0000–U+001F are escaped. For a YAML
    /// double-quoted scalar also the characters YAML does not allow raw or reads as line
    /// breaks: U+007F, U+0080–U+009F (C1, incl. NEL), U+2028, U+2029, U+FEFF, U+FFFE,
    /// U+FFFF — as `\uXXXX`, which YAML reads like JSON does.
    static func appendEscaped(
        _ text: UnsafeBufferPointer<UInt8>, to out: inout ByteBuffer, escapingForYAML yaml: Bool
    ) {
        var clean = 0
        out.append(atMost: text.count) { target in
            clean = copyCleanWords(text, to: target, yaml: yaml)
            return clean
        }
        if clean < text.count { appendEscaped(text, from: clean, to: &out, escapingForYAML: yaml) }
    }

    /// Appends `text` from `start` on with JSON escapes, copying clean runs in one piece.
    private static func appendEscaped(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, to out: inout ByteBuffer, escapingForYAML yaml: Bool
    ) {
        guard let base = text.baseAddress else { return }
        let n = text.count
        var runStart = start
        var i = firstCandidate(base, n, from: start, yaml: yaml)
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

    /// Copies to `target` (room for `text.count` bytes) the longest prefix of `text` that is
    /// checked clean (see `mayNeedEscape`) in one pass, each word stored once checked: eight
    /// bytes at a time, the last word overlapping the one before; text shorter than eight bytes
    /// as one word (its bytes repeated, or padded with `A`). Returns the prefix's length: the
    /// text's, or where a word that may need an escape begins.
    @inline(__always)
    private static func copyCleanWords(
        _ text: UnsafeBufferPointer<UInt8>, to target: UnsafeMutableRawPointer, yaml: Bool
    ) -> Int {
        guard let base = text.baseAddress else { return 0 }
        let n = text.count
        let source = UnsafeRawPointer(base)
        if n < 8 {
            if n >= 4 {
                let low = source.loadUnaligned(as: UInt32.self)
                let high = source.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
                if mayNeedEscape(UInt64(low) | UInt64(high) << 32, yaml: yaml) { return 0 }
                target.storeBytes(of: low, as: UInt32.self)
                target.storeBytes(of: high, toByteOffset: n &- 4, as: UInt32.self)
            } else if n > 0 {
                // Bytes 0, n/2 and n-1 cover all of them.
                let first = base[0]
                let middle = base[n &>> 1]
                let last = base[n &- 1]
                let padding: UInt64 = 0x4141_4141_4100_0000
                let word = UInt64(first) | UInt64(middle) << 8 | UInt64(last) << 16 | padding
                if mayNeedEscape(word, yaml: yaml) { return 0 }
                target.storeBytes(of: first, as: UInt8.self)
                target.storeBytes(of: middle, toByteOffset: n &>> 1, as: UInt8.self)
                target.storeBytes(of: last, toByteOffset: n &- 1, as: UInt8.self)
            }
            return n
        }
        var done = 0
        while n &- done >= 8 {
            let word = source.loadUnaligned(fromByteOffset: done, as: UInt64.self)
            if mayNeedEscape(word, yaml: yaml) { return done }
            target.storeBytes(of: word, toByteOffset: done, as: UInt64.self)
            done &+= 8
        }
        if done < n {
            let word = source.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            if mayNeedEscape(word, yaml: yaml) { return done }
            target.storeBytes(of: word, toByteOffset: n &- 8, as: UInt64.self)
            done = n
        }
        return done
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
