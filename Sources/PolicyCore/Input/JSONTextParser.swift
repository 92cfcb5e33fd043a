import SystemSupport

/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// Strict: no comments, no trailing commas, no leading zeros, no lone surrogates, no invalid
/// UTF-8, no duplicate keys, nesting at most `maxDepth` (at most `InputLimits.maxDepth`). Recursion
/// depth is bounded by that limit, so no input can overflow the stack.
struct JSONTextParser {
    /// Why parsing stopped: a byte offset, a message, and where in the document it happened.
    struct Failure: Error {
        var offset: Int
        var message: String
        /// The location inside the document, innermost component last.
        var path: FieldPath = .root
        /// The decoded-size budget ran out (rather than a syntax error).
        var budgetExceeded = false
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var depth = 0
    private let maxDepth: Int
    private var budget: DecodedSizeBudget?

    private init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, budget: DecodedSizeBudget?) {
        self.bytes = bytes
        self.maxDepth = min(maxDepth, InputLimits.maxDepth)
        self.budget = budget
    }

    /// Parses one document; nil when the input holds only whitespace (an empty document).
    /// With a `budget`, decoding stops with `budgetExceeded` once the decoded size passes it.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, budget: DecodedSizeBudget? = nil
    ) throws(Failure) -> JSONValue? {
        var parser = JSONTextParser(bytes, maxDepth: maxDepth, budget: budget)
        // A UTF-8 byte order mark may precede the text (RFC 8259 §8.1).
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { parser.pos = 3 }
        parser.skipWhitespace()
        if parser.pos == bytes.count { return nil }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.pos != bytes.count {
            throw Failure(offset: parser.pos, message: "unexpected \(parser.describeByte()) after the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue() throws(Failure) -> JSONValue {
        guard pos < bytes.count else { throw Failure(offset: pos, message: "unexpected end of input, expected a value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            try spend(DecodedSizeBudget.collectionCost)
            return try parseObject()
        case UInt8(ascii: "["):
            try spend(DecodedSizeBudget.collectionCost)
            return try parseArray()
        case UInt8(ascii: "\""):
            let s = try parseString()
            try spend(DecodedSizeBudget.cost(ofScalarBytes: s.utf8.count))
            return .string(s)
        case UInt8(ascii: "t"): try expectLiteral("true"); try spend(4); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); try spend(5); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); try spend(4); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let literal = try parseNumber()
            try spend(literal.utf8.count)
            return .number(literal)
        default: throw Failure(offset: pos, message: "unexpected \(describeByte()), expected a value")
        }
    }

    /// Counts decoded bytes against the budget, if any.
    private mutating func spend(_ n: Int) throws(Failure) {
        guard budget != nil, budget?.spend(n) == false else { return }
        throw Failure(offset: pos, message: budget?.exceededMessage ?? "", budgetExceeded: true)
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > maxDepth {
            throw Failure(offset: pos, message: "nesting deeper than \(maxDepth) levels")
        }
    }

    private mutating func parseObject() throws(Failure) -> JSONValue {
        try enter()
        let isRoot = depth == 1
        pos += 1  // {
        var entries: [(key: String, value: JSONValue)] = []
        var keys = MappingKeys()
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(JSONObject())
        }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else {
                throw Failure(offset: pos, message: "unexpected \(describeByte()), expected a string key")
            }
            let keyOffset = pos
            let key = try parseString()
            if !keys.insert(key) {
                throw Failure(offset: keyOffset, message: "duplicate key \"\(key)\"")
            }
            do { try spend(DecodedSizeBudget.cost(ofScalarBytes: key.utf8.count)) } catch {
                throw placed(error, key: key, isRoot: isRoot, entries: entries)
            }
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                throw Failure(offset: pos, message: "unexpected \(describeByte()), expected ':'")
            }
            pos += 1
            skipWhitespace()
            let value: JSONValue
            do { value = try parseValue() } catch {
                throw placed(error, key: key, isRoot: isRoot, entries: entries)
            }
            entries.append((key, value))
            skipWhitespace()
            guard pos < bytes.count else { throw Failure(offset: pos, message: "unexpected end of input in an object") }
            if bytes[pos] == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            if bytes[pos] == UInt8(ascii: "}") {
                pos += 1
                depth -= 1
                return .object(JSONObject(uniqueEntries: entries))
            }
            throw Failure(offset: pos, message: "unexpected \(describeByte()), expected ',' or '}'")
        }
    }

    /// `failure` inside member `key`; at the document's root, a budget failure's pointer is
    /// placed in the envelope form.
    private func placed(
        _ failure: Failure, key: String, isRoot: Bool, entries: [(key: String, value: JSONValue)]
    ) -> Failure {
        var failure = failure
        failure.path.components.insert(.key(key), at: 0)
        if failure.budgetExceeded, isRoot {
            failure.path = DecodedSizeBudget.envelopePlace(of: failure.path, topLevel: entries, endpointSliceIndex: 0)
        }
        return failure
    }

    private mutating func parseArray() throws(Failure) -> JSONValue {
        try enter()
        pos += 1  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            do { items.append(try parseValue()) } catch {
                var failure = error
                failure.path.components.insert(.index(items.count), at: 0)
                throw failure
            }
            skipWhitespace()
            guard pos < bytes.count else { throw Failure(offset: pos, message: "unexpected end of input in a list") }
            if bytes[pos] == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            if bytes[pos] == UInt8(ascii: "]") {
                pos += 1
                depth -= 1
                return .array(items)
            }
            throw Failure(offset: pos, message: "unexpected \(describeByte()), expected ',' or ']'")
        }
    }

    private mutating func expectLiteral(_ word: StaticString) throws(Failure) {
        let n = word.utf8CodeUnitCount
        let start = pos
        guard bytes.count - pos >= n else { throw Failure(offset: start, message: "invalid literal, expected \(word)") }
        let w = word.utf8Start
        for i in 0..<n where bytes[pos + i] != w[i] {
            throw Failure(offset: start, message: "invalid literal, expected \(word)")
        }
        pos += n
    }

    // MARK: - Numbers

    private mutating func parseNumber() throws(Failure) -> String {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else {
            throw Failure(offset: pos, message: "invalid number: expected a digit")
        }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count, isDigit(bytes[pos]) {
                throw Failure(offset: start, message: "invalid number: leading zero")
            }
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else {
                throw Failure(offset: pos, message: "invalid number: expected a digit after '.'")
            }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.count, isDigit(bytes[pos]) else {
                throw Failure(offset: pos, message: "invalid number: expected a digit in the exponent")
            }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    // MARK: - Strings

    private mutating func parseString() throws(Failure) -> String {
        let open = pos
        pos += 1  // opening quote
        let start = pos
        var ascii = true
        // Fast path: no escapes.
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                let span = UnsafeBufferPointer(rebasing: bytes[start..<pos])
                pos += 1
                if ascii { return String(decoding: span, as: UTF8.self) }
                guard let s = String(validating: span, as: UTF8.self) else {
                    throw Failure(offset: start + firstInvalidUTF8(span), message: "invalid UTF-8 in a string")
                }
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw Failure(offset: pos, message: "unescaped control character in a string") }
            if b >= 0x80 { ascii = false }
            pos += 1
        }
        guard pos < bytes.count else { throw Failure(offset: open, message: "unterminated string") }
        // Slow path: copy what was scanned, then decode escapes.
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        out.reserveCapacity(out.count + 16)
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                guard let s = String(validating: out, as: UTF8.self) else {
                    throw Failure(offset: start, message: "invalid UTF-8 in a string")
                }
                return s
            }
            if b < 0x20 { throw Failure(offset: pos, message: "unescaped control character in a string") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                pos += 1
                continue
            }
            pos += 1
            guard pos < bytes.count else { break }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): appendScalar(try parseUnicodeEscape(), to: &out)
            default: throw Failure(offset: pos - 2, message: "invalid escape sequence in a string")
            }
        }
        throw Failure(offset: open, message: "unterminated string")
    }

    /// Reads the `XXXX` after `\u` (and a following low surrogate escape when needed).
    private mutating func parseUnicodeEscape() throws(Failure) -> Unicode.Scalar {
        let escapeStart = pos - 2
        let high = try hex4()
        var value = high
        if (0xD800...0xDBFF).contains(high) {
            guard bytes.count - pos >= 6, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                throw Failure(offset: escapeStart, message: "unpaired surrogate in a \\u escape")
            }
            pos += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw Failure(offset: escapeStart, message: "unpaired surrogate in a \\u escape")
            }
            value = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(high) {
            throw Failure(offset: escapeStart, message: "unpaired surrogate in a \\u escape")
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw Failure(offset: escapeStart, message: "invalid \\u escape")
        }
        return scalar
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard bytes.count - pos >= 4 else { throw Failure(offset: pos, message: "incomplete \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            guard let d = HexDigit.value(b) else {
                throw Failure(offset: pos, message: "invalid hex digit in a \\u escape")
            }
            v = v << 4 | UInt32(d)
            pos += 1
        }
        return v
    }

    private func appendScalar(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(scalar) { out.append($0) }
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private func describeByte() -> String {
        guard pos < bytes.count else { return "end of input" }
        let b = bytes[pos]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    /// Offset of the first byte that breaks UTF-8 validity in `span` (only called when there is one).
    private func firstInvalidUTF8(_ span: UnsafeBufferPointer<UInt8>) -> Int {
        var it = span.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput, .error: return offset
            }
        }
    }
}
