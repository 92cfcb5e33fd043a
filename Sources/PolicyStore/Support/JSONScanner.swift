/// Finds the top-level elements of one JSON container without decoding it.
enum JSONScanner {
    /// The byte ranges of the elements (array values or `"key":value` members) of the
    /// container opening at `start`, and the index of its closing bracket; `nil` when the
    /// bytes do not close it.
    static func elements(of bytes: [UInt8], openingAt start: Int) -> (elements: [Range<Int>], end: Int)? {
        var elements: [Range<Int>] = []
        var depth = 0
        var inString = false
        var escaped = false
        var elementStart = start + 1
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        if index > elementStart { elements.append(elementStart..<index) }
                        return (elements, index)
                    }
                case UInt8(ascii: ",") where depth == 1:
                    elements.append(elementStart..<index)
                    elementStart = index + 1
                default:
                    break
                }
            }
            index += 1
        }
        return nil
    }
}
