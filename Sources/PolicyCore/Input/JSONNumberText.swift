/// Operations on JSON number literals (the text `JSONValue.number` holds).
enum JSONNumberText {
    /// The value of an integer literal (`-12`, no fraction or exponent) if it fits in `Int`.
    static func integer(_ literal: String) -> Int? {
        var utf8 = literal.utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        }
        guard !utf8.isEmpty else { return nil }
        var value = 0
        for b in utf8 {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            let d = Int(b - 0x30)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            value = s
        }
        return value
    }

    /// The RFC 8785 (ECMAScript `Number.prototype.toString`) form of a JSON number literal:
    /// `1.0` → `1`, `1e2` → `100`, `-0` → `0`, `0.0000001` → `1e-7`.
    ///
    /// A literal outside `Double`'s range (RFC 8785 cannot represent it) is kept as written.
    static func canonical(_ literal: String) -> String {
        if let small = smallIntegerCanonical(literal) { return small }
        guard let d = Double(literal), d.isFinite else { return literal }
        if d == 0 { return "0" }
        return ecmaScriptString(d)
    }

    /// Integers with at most 15 digits are exact in a Double and print as themselves.
    private static func smallIntegerCanonical(_ literal: String) -> String? {
        let utf8 = literal.utf8
        var digits = 0
        for (i, b) in utf8.enumerated() {
            if i == 0, b == UInt8(ascii: "-") { continue }
            guard b >= 0x30 && b <= 0x39 else { return nil }
            digits += 1
        }
        guard digits > 0, digits <= 15 else { return nil }
        return literal == "-0" ? "0" : literal
    }

    /// ECMAScript Number::toString for a finite, non-zero double, built from Swift's shortest
    /// round-trip digits.
    private static func ecmaScriptString(_ value: Double) -> String {
        // Swift's description gives the shortest round-trip digits, as "d.ddd", "ddd.d" or "d.ddde±x".
        let text = value.magnitude.description
        var digits: [UInt8] = []
        var pointPosition: Int? = nil
        var exponent = 0
        var inExponent = false
        var exponentText = ""
        for b in text.utf8 {
            if inExponent {
                exponentText.unicodeScalars.append(Unicode.Scalar(b))
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                inExponent = true
            } else if b == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else {
                digits.append(b)
            }
        }
        if inExponent { exponent = Int(exponentText) ?? 0 }
        // value = 0.d1d2…dk × 10^n
        var n = (pointPosition ?? digits.count) + exponent
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            n -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        let k = digits.count
        var out = value < 0 ? "-" : ""
        let ds = String(decoding: digits, as: UTF8.self)
        if k <= n && n <= 21 {
            out += ds + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            out += String(ds.prefix(n)) + "." + String(ds.dropFirst(n))
        } else if -6 < n && n <= 0 {
            out += "0." + String(repeating: "0", count: -n) + ds
        } else {
            let e = n - 1
            out += String(ds.prefix(1))
            if k > 1 { out += "." + String(ds.dropFirst(1)) }
            out += "e" + (e >= 0 ? "+" : "-") + String(e.magnitude)
        }
        return out
    }
}
