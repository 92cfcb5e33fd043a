/// Percent-decoding of path parameters and query components (RFC 3986 §2.1).
enum PercentDecoding {
    /// Why a component could not be decoded.
    struct Failure: Error, Equatable {
        var reason: String
    }

    /// Decodes `%HH` escapes (and `+` as space when `plusAsSpace`). Fails on a `%` not followed by
    /// two hex digits, on a NUL byte and on bytes that are not UTF-8 once decoded.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> Result<String, Failure> {
        if isPlainASCII(text, plusAsSpace: plusAsSpace) { return .success(ASCII.string(ascii: text)) }
        var bytes: [UInt8] = []
        var index = 0
        var copied = 0
        while index < text.count {
            let byte = text[index]
            guard byte == ASCII.percent || byte == 0 || (plusAsSpace && byte == ASCII.plus) else {
                index += 1
                continue
            }
            if bytes.isEmpty { bytes.reserveCapacity(text.count) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<index]))
            var decoded = byte
            if byte == ASCII.percent {
                guard index + 2 < text.count, let high = ASCII.hexValue(text[index + 1]),
                    let low = ASCII.hexValue(text[index + 2])
                else { return .failure(Failure(reason: "invalid percent-encoding")) }
                decoded = UInt8(truncatingIfNeeded: high << 4 | low)
                index += 3
            } else {
                if byte == ASCII.plus { decoded = ASCII.space }
                index += 1
            }
            guard decoded != 0 else { return .failure(Failure(reason: "NUL in percent-encoded text")) }
            bytes.append(decoded)
            copied = index
        }
        if copied == 0 { return string(text) }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied...]))
        return bytes.withUnsafeBufferPointer(string)
    }

    /// Whether `text` decodes to itself and is ASCII: no `%`, no NUL, no `+` read as a space,
    /// no byte above 0x7F (the usual path parameter or query item).
    private static func isPlainASCII(_ text: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> Bool {
        for byte in text where byte == ASCII.percent || byte == 0 || byte >= 0x80 || (plusAsSpace && byte == ASCII.plus) {
            return false
        }
        return true
    }

    /// `bytes` as a String, failing unless they are UTF-8 (ASCII, the common case, is quick).
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<String, Failure> {
        if bytes.allSatisfy({ $0 < 0x80 }) { return .success(ASCII.string(bytes)) }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            return .failure(Failure(reason: "percent-encoded text is not UTF-8"))
        }
        return .success(string)
    }

    /// `application/x-www-form-urlencoded`-style query: `&`-separated items (empty ones skipped),
    /// `name[=value]`, `+` as space, percent-decoded, in order.
    static func queryItems(_ query: String) -> Result<[(name: String, value: String)], Failure> {
        withUTF8(query) { bytes in
            var items: [(name: String, value: String)] = []
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
                defer { start = end + 1 }
                if end == start { continue }
                let item = UnsafeBufferPointer(rebasing: bytes[start..<end])
                let equals = item.firstIndex(of: ASCII.equals) ?? item.count
                let name = decode(UnsafeBufferPointer(rebasing: item[..<equals]), plusAsSpace: true)
                let value =
                    equals < item.count
                    ? decode(UnsafeBufferPointer(rebasing: item[(equals + 1)...]), plusAsSpace: true)
                    : .success("")
                switch (name, value) {
                case (.success(let name), .success(let value)): items.append((name, value))
                case (.failure(let failure), _), (_, .failure(let failure)): return .failure(failure)
                }
            }
            return .success(items)
        }
    }

    /// Runs `body` over the UTF-8 bytes of `text` (contiguous for native strings; copied otherwise).
    static func withUTF8<Value>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Value) -> Value {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
