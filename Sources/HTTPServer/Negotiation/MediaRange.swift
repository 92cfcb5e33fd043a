/// One element of an `Accept` field: `type/subtype` (or `type/*`, `*/*`), lowercased, with its
/// quality in thousandths.
struct MediaRange {
    var type: Substring
    var subtype: Substring
    /// 0...1000.
    var quality: Int

    /// Parses `type/subtype *( OWS ";" OWS parameter )`; nil when malformed.
    init?(_ text: Substring) {
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
            guard ASCII.isDigit(byte) else { return nil }
            value += Int(byte - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return value <= 1000 ? value : nil
    }

    /// A non-empty `token` (RFC 9110 §5.6.2) in lowercase.
    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(ASCII.isTokenChar)
    }
}
