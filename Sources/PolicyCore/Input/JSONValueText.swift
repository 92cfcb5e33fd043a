extension JSONValue {
    /// Compact JSON text, object keys in stored order, numbers as their literals.
    public func jsonBytes() -> [UInt8] {
        var w = JSONWriter()
        write(to: &w, canonical: false)
        return w.finish()
    }

    /// Canonical JSON (RFC 8785 style): keys sorted by code point at every level, no insignificant
    /// whitespace, `/` not escaped, numbers in ECMAScript form. Equal values give equal bytes.
    public func canonicalJSONBytes() -> [UInt8] {
        var w = JSONWriter()
        write(to: &w, canonical: true)
        return w.finish()
    }

    /// Appends this value as compact JSON; `canonical` sorts keys by code point and writes numbers
    /// in ECMAScript form. Strings are escaped by `JSONWriter` (RFC 8785).
    func write(to w: inout JSONWriter, canonical: Bool) {
        switch self {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .number(let literal): w.text(canonical ? JSONNumberText.canonical(literal) : literal)
        case .string(let s): w.string(s)
        case .array(let items):
            w.raw(byte: UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { w.raw(byte: UInt8(ascii: ",")) }
                item.write(to: &w, canonical: canonical)
            }
            w.raw(byte: UInt8(ascii: "]"))
        case .object(let object):
            w.raw(byte: UInt8(ascii: "{"))
            let entries =
                canonical ? object.entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : object.entries
            for (i, e) in entries.enumerated() {
                if i > 0 { w.raw(byte: UInt8(ascii: ",")) }
                w.key(e.key)
                e.value.write(to: &w, canonical: canonical)
            }
            w.raw(byte: UInt8(ascii: "}"))
        }
    }
}

extension JSONWriter {
    /// Appends the UTF-8 of `text` verbatim (a number literal already in JSON form).
    fileprivate mutating func text(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append($0) }
    }
}
