/// Writes `JSONValue`s as compact JSON text: stored key order, or canonical (RFC 8785 style).
struct JSONTextWriter {
    private(set) var bytes: [UInt8] = []
    /// Canonical: keys sorted by code point, numbers in ECMAScript form.
    let canonical: Bool

    init(canonical: Bool, capacity: Int = 256) {
        self.canonical = canonical
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let literal):
            if canonical {
                bytes.append(contentsOf: JSONNumberText.canonical(literal).utf8)
            } else {
                bytes.append(contentsOf: literal.utf8)
            }
        case .string(let s): writeString(s)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            if canonical {
                let sorted = object.entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                writeMembers(sorted)
            } else {
                writeMembers(object.entries)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func writeMembers(_ entries: [(key: String, value: JSONValue)]) {
        for (i, e) in entries.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(e.key)
            bytes.append(UInt8(ascii: ":"))
            write(e.value)
        }
    }

    private mutating func append(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// A JSON string: `"` and `\` escaped, control characters as the short escapes or `\u00XX`,
    /// everything else (including `/` and non-ASCII) as UTF-8.
    mutating func writeString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(0x5C)
            case 0x08: bytes.append(0x5C); bytes.append(UInt8(ascii: "b"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0C: bytes.append(0x5C); bytes.append(UInt8(ascii: "f"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x00..<0x20:
                append("\\u00")
                bytes.append(Self.hexDigits[Int(b >> 4)])
                bytes.append(Self.hexDigits[Int(b & 0xF)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

extension JSONValue {
    /// Compact JSON text, object keys in stored order, numbers as their literals.
    public func jsonBytes() -> [UInt8] {
        var w = JSONTextWriter(canonical: false)
        w.write(self)
        return w.bytes
    }

    /// Canonical JSON (RFC 8785 style): keys sorted by code point at every level, no insignificant
    /// whitespace, `/` not escaped, numbers in ECMAScript form. Equal values give equal bytes.
    public func canonicalJSONBytes() -> [UInt8] {
        var w = JSONTextWriter(canonical: true)
        w.write(self)
        return w.bytes
    }
}
