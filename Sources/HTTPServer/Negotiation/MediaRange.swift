/// One element of an `Accept` field: `type/subtype` (or `type/*`, `*/*`) as sent, with its
/// quality in thousandths. Types compare without regard to ASCII case and without building
/// lowercased copies.
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
        type = range[..<slash]
        subtype = range[range.index(after: slash)...]
        guard MediaRange.isToken(type), MediaRange.isToken(subtype), !(type == "*" && subtype != "*")
        else { return nil }
        quality = 1000
        while let parameter = parts.next() {
            let trimmed = parameter.trimmingOWS()
            guard let equals = trimmed.firstIndex(of: "=") else { return nil }
            let name = trimmed[..<equals].trimmingOWS()
            let value = trimmed[trimmed.index(after: equals)...].trimmingOWS()
            if MediaRange.equalsIgnoringCase(name, lowercase: "q") {
                guard let q = MediaRange.parseQuality(value) else { return nil }
                quality = q
            }
        }
    }

    /// How specifically this range matches the lowercase `type`/`subtype`: 2 for
    /// `type/subtype`, 1 for `type/*`, 0 for `*/*`, nil when it does not match.
    func specificity(type offerType: Substring, subtype offerSubtype: Substring) -> Int? {
        if type == "*" { return 0 }
        guard MediaRange.equalsIgnoringCase(type, lowercase: offerType) else { return nil }
        if subtype == "*" { return 1 }
        return MediaRange.equalsIgnoringCase(subtype, lowercase: offerSubtype) ? 2 : nil
    }

    /// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` in thousandths.
    static func parseQuality(_ text: Substring) -> Int? {
        let bytes = text.utf8
        guard let first = bytes.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        var value = Int(first - UInt8(ascii: "0")) * 1000
        if bytes.count == 1 { return value }
        guard bytes.count <= 5, bytes[bytes.index(after: bytes.startIndex)] == UInt8(ascii: ".") else { return nil }
        var scale = 100
        for byte in bytes.dropFirst(2) {
            guard ASCII.isDigit(byte) else { return nil }
            value += Int(byte - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return value <= 1000 ? value : nil
    }

    /// A non-empty `token` (RFC 9110 §5.6.2).
    private static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(ASCII.isTokenChar)
    }

    /// True when `text` equals the lowercase `lowercase` ignoring ASCII case.
    private static func equalsIgnoringCase(_ text: Substring, lowercase: Substring) -> Bool {
        text.utf8.count == lowercase.utf8.count
            && zip(text.utf8, lowercase.utf8).allSatisfy { ASCII.lowercased($0) == $1 }
    }
}
