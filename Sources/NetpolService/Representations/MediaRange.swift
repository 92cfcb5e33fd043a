/// One element of an `Accept` header: `type/subtype` (or `type/*`, `*/*`) with its quality in
/// thousandths.
struct MediaRange {
    var type: Substring
    var subtype: Substring
    /// 0...1000.
    var quality: Int

    /// Parses `type/subtype *( OWS ";" OWS parameter )`; nil when malformed.
    init?(_ element: Substring.UTF8View.SubSequence) {
        let text = Substring(element)
        var parts = text.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        guard let rangeText = parts.next() else { return nil }
        let range = rangeText.trimmingOWS()
        guard let slash = range.firstIndex(of: "/") else { return nil }
        let type = range[..<slash].lowercased()
        let subtype = range[range.index(after: slash)...].lowercased()
        guard MediaRange.isToken(type), MediaRange.isToken(subtype), !(type == "*" && subtype != "*")
        else { return nil }
        self.type = Substring(type)
        self.subtype = Substring(subtype)
        quality = 1000
        while let parameter = parts.next() {
            let trimmed = parameter.trimmingOWS()
            guard let equals = trimmed.firstIndex(of: "=") else { return nil }
            let name = trimmed[..<equals].trimmingOWS().lowercased()
            let value = trimmed[trimmed.index(after: equals)...].trimmingOWS()
            if name == "q" {
                guard let q = MediaRange.parseQuality(value) else { return nil }
                quality = q
            }
        }
    }

    /// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` in thousandths.
    static func parseQuality(_ text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        var value = Int(first - UInt8(ascii: "0")) * 1000
        if bytes.count == 1 { return value }
        guard bytes[1] == UInt8(ascii: "."), bytes.count <= 5 else { return nil }
        var scale = 100
        for byte in bytes.dropFirst(2) {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value += Int(byte - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return value <= 1000 ? value : nil
    }

    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
                case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
                    UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                    UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
                    true
                default: false
                }
            }
    }
}

extension Substring {
    /// Removes leading and trailing optional whitespace (SP / HTAB).
    fileprivate func trimmingOWS() -> Substring {
        let isOWS = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isOWS($0) }), let last = utf8.lastIndex(where: { !isOWS($0) })
        else { return "" }
        return self[first...last]
    }
}
