/// Percent-decoding of path parameters and query components (RFC 3986 §2.1).
enum PercentDecoding {
    /// Why a component could not be decoded.
    struct Failure: Error, Equatable {
        var reason: String
    }

    /// Decodes `%HH` escapes (and `+` as space when `plusAsSpace`). Fails on a `%` not followed by
    /// two hex digits, on a NUL byte and on bytes that are not UTF-8 once decoded.
    static func decode(_ text: Substring, plusAsSpace: Bool) throws(Failure) -> String {
        let utf8 = text.utf8
        let needsWork = utf8.contains { $0 == ASCII.percent || $0 == 0 || (plusAsSpace && $0 == ASCII.plus) }
        guard needsWork else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index < utf8.endIndex {
            var byte = utf8[index]
            index = utf8.index(after: index)
            if byte == ASCII.percent {
                guard index < utf8.endIndex, let high = ASCII.hexValue(utf8[index]) else {
                    throw Failure(reason: "invalid percent-encoding")
                }
                index = utf8.index(after: index)
                guard index < utf8.endIndex, let low = ASCII.hexValue(utf8[index]) else {
                    throw Failure(reason: "invalid percent-encoding")
                }
                index = utf8.index(after: index)
                byte = UInt8(truncatingIfNeeded: high << 4 | low)
            } else if plusAsSpace, byte == ASCII.plus {
                byte = ASCII.space
            }
            guard byte != 0 else { throw Failure(reason: "NUL in percent-encoded text") }
            bytes.append(byte)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw Failure(reason: "percent-encoded text is not UTF-8")
        }
        return decoded
    }

    /// `application/x-www-form-urlencoded`-style query: `&`-separated items (empty ones skipped),
    /// `name[=value]`, `+` as space, percent-decoded, in order.
    static func queryItems(_ query: String) throws(Failure) -> [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            if let equals = item.utf8.firstIndex(of: ASCII.equals) {
                let name = try decode(item[..<equals], plusAsSpace: true)
                let value = try decode(item[item.utf8.index(after: equals)...], plusAsSpace: true)
                items.append((name, value))
            } else {
                items.append((try decode(item, plusAsSpace: true), ""))
            }
        }
        return items
    }
}
