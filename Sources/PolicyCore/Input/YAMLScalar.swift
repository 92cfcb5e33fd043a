import SystemSupport

/// Types YAML scalars with the YAML 1.2 core schema, as the spec reads YAML input (§1.1).
///
/// Plain `true`/`false` (and `True`, `TRUE`, …) are booleans; plain `null`, `~` and the empty plain
/// scalar are null; core-schema integers and floats are numbers, rewritten as JSON number literals;
/// everything else, and every quoted or block scalar, is a string. So `yes` and `on` are strings,
/// and `4.20` is the number 4.2.
enum YAMLScalar {
    private static let tagPrefix = "tag:yaml.org,2002:"
    private static let strTag = tagPrefix + "str"
    private static let nullTag = tagPrefix + "null"
    private static let boolTag = tagPrefix + "bool"
    private static let intTag = tagPrefix + "int"
    private static let floatTag = tagPrefix + "float"
    private static let mapTag = tagPrefix + "map"
    private static let seqTag = tagPrefix + "seq"

    /// The value of a scalar, or an error message.
    static func value(text: String, plain: Bool, tag: String?) -> Result<JSONValue, ScalarError> {
        guard let tag, tag != "?" else {
            return plain ? resolvePlain(text) : .success(.string(text))
        }
        switch tag {
        case "!", strTag: return .success(.string(text))
        case nullTag:
            return isNull(text) ? .success(.null) : .failure(.tagMismatch(tag: "!!null"))
        case boolTag:
            return boolValue(text).map { .success(.bool($0)) } ?? .failure(.tagMismatch(tag: "!!bool"))
        case intTag:
            guard isInteger(text) else { return .failure(.tagMismatch(tag: "!!int")) }
            return number(text)
        case floatTag:
            guard isInteger(text) || isFloat(text) || isSpecialFloat(text) else {
                return .failure(.tagMismatch(tag: "!!float"))
            }
            return number(text)
        default: return .failure(.unsupportedTag(tag))
        }
    }

    /// Why a scalar has no JSON value. Messages never quote the scalar: it may be a Secret's
    /// `data`/`stringData` value, read before the Secret is reduced (the reader reports the line,
    /// column and key instead).
    enum ScalarError: Error, Equatable {
        case tagMismatch(tag: String)
        case unsupportedTag(String)
        case notRepresentable
        case integerTooLarge

        var message: String {
            switch self {
            case .tagMismatch(let tag): return "the value does not match its tag \(tag)"
            case .unsupportedTag(let tag): return YAMLScalar.unsupportedTagMessage(tag)
            case .notRepresentable: return "infinity and NaN cannot be represented in JSON"
            case .integerTooLarge: return "the integer does not fit in 64 bits (quote it if it is text)"
            }
        }
    }

    /// Names a YAML-defined tag (`!!binary`); a local or custom tag, which is written by the
    /// author and may carry anything, is not quoted.
    static func unsupportedTagMessage(_ tag: String?) -> String {
        guard let tag, tag.hasPrefix(tagPrefix), tag.utf8.count <= tagPrefix.utf8.count + 16 else {
            return "unsupported YAML tag (only the YAML 1.2 core schema tags are read)"
        }
        return "unsupported YAML tag !!\(tag.dropFirst(tagPrefix.count))"
    }

    /// True for the tags a YAML list or map may carry (none, `!`, `!!seq`, `!!map`).
    static func isCollectionTagAllowed(_ tag: String?, mapping: Bool) -> Bool {
        guard let tag else { return true }
        return tag == "!" || tag == "?" || tag == (mapping ? mapTag : seqTag)
    }

    private static func resolvePlain(_ text: String) -> Result<JSONValue, ScalarError> {
        // Most scalars are names and URLs: decide those by their first byte.
        guard let first = text.utf8.first else { return .success(.null) }
        switch first {
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "n"),
            UInt8(ascii: "N"), UInt8(ascii: "~"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"),
            UInt8(ascii: "-"), UInt8(ascii: "."):
            break
        default: return .success(.string(text))
        }
        if isNull(text) { return .success(.null) }
        if let b = boolValue(text) { return .success(.bool(b)) }
        if isInteger(text) || isFloat(text) || isSpecialFloat(text) { return number(text) }
        return .success(.string(text))
    }

    private static func isNull(_ text: String) -> Bool {
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    private static func boolValue(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// `[-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+`
    private static func isInteger(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 {
            YAMLNumberPattern.int12Decimal.matches($0) || YAMLNumberPattern.int12Octal.matches($0)
                || YAMLNumberPattern.int12Hexadecimal.matches($0)
        }
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isFloat(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { YAMLNumberPattern.float12.matches($0) }
    }

    /// `[-+]?\.(inf|Inf|INF) | \.nan|\.NaN|\.NAN`
    private static func isSpecialFloat(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { YAMLNumberPattern.float11Infinity.matches($0) || YAMLNumberPattern.float11NaN.matches($0) }
    }

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The JSON number literal of a core-schema integer or float (`text` is one).
    private static func number(_ text: String) -> Result<JSONValue, ScalarError> {
        if isSpecialFloat(text) { return .failure(.notRepresentable) }
        let u = Array(text.utf8)
        if u.count > 2, u[0] == UInt8(ascii: "0"), u[1] == UInt8(ascii: "o") || u[1] == UInt8(ascii: "x") {
            let radix: UInt64 = u[1] == UInt8(ascii: "o") ? 8 : 16
            var value: UInt64 = 0
            for b in u.dropFirst(2) {
                guard let d = HexDigit.value(b) else { return .success(.string(text)) }
                let (m, o1) = value.multipliedReportingOverflow(by: radix)
                let (s, o2) = m.addingReportingOverflow(UInt64(d))
                if o1 || o2 { return .failure(.integerTooLarge) }
                value = s
            }
            return .success(.number(String(value)))
        }
        return .success(.number(FloatParts(text).jsonLiteral))
    }

    /// The pieces of a core-schema decimal number (integers included): `text` matches
    /// `int12Decimal` or `float12`, which decide what a number is.
    private struct FloatParts {
        var negative = false
        var integer: ArraySlice<UInt8>
        var fraction: ArraySlice<UInt8>
        var exponent: ArraySlice<UInt8>  // including its sign, without the `e`

        init(_ text: String) {
            let u = Array(text.utf8)
            var i = 0
            if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") {
                negative = u[i] == UInt8(ascii: "-")
                i += 1
            }
            let intStart = i
            while i < u.count, isDigit(u[i]) { i += 1 }
            integer = u[intStart..<i]
            fraction = []
            if i < u.count, u[i] == UInt8(ascii: ".") {
                i += 1
                let fracStart = i
                while i < u.count, isDigit(u[i]) { i += 1 }
                fraction = u[fracStart..<i]
            }
            exponent = []
            if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
                i += 1
                let expStart = i
                if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
                while i < u.count, isDigit(u[i]) { i += 1 }
                exponent = u[expStart..<i]
            }
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`
        var jsonLiteral: String {
            var out: [UInt8] = []
            out.reserveCapacity(integer.count + fraction.count + exponent.count + 4)
            if negative { out.append(UInt8(ascii: "-")) }
            let significant = integer.drop { $0 == UInt8(ascii: "0") }
            if significant.isEmpty { out.append(UInt8(ascii: "0")) } else { out.append(contentsOf: significant) }
            if !fraction.isEmpty {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: fraction)
            }
            if !exponent.isEmpty {
                out.append(UInt8(ascii: "e"))
                out.append(contentsOf: exponent)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
