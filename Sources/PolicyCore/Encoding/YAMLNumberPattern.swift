import SystemSupport

/// The patterns under which a YAML 1.1 or 1.2 reader takes a plain scalar for a number or a
/// timestamp rather than a string (spec §8), each as its specification writes it: the YAML 1.1
/// type repository's `int`, `float` and `timestamp` (plus PyYAML's wider float, which also takes
/// `_` after the point and `.5` without a sign) and the YAML 1.2 core schema's `int` and `float`
/// (the JSON schema's are a subset; the core `.inf`/`.nan` forms are the 1.1 ones).
///
/// Each case matches a whole string, byte by byte, with no shared state: encoders on any
/// thread may ask at once. The tests hold the same patterns as regular expressions and compare.
enum YAMLNumberPattern: CaseIterable, Sendable {
    /// YAML 1.1 int, binary: `[-+]?0b[0-1_]+`.
    case int11Binary
    /// YAML 1.1 int, octal: `[-+]?0[0-7_]+`.
    case int11Octal
    /// YAML 1.1 int, decimal: `[-+]?(0|[1-9][0-9_]*)`.
    case int11Decimal
    /// YAML 1.1 int, hexadecimal: `[-+]?0x[0-9a-fA-F_]+`.
    case int11Hexadecimal
    /// YAML 1.1 int, sexagesimal: `[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`.
    case int11Sexagesimal
    /// YAML 1.1 float (type repository): `[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?`.
    case float11
    /// PyYAML's float: `[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?`.
    case float11PyYAML
    /// PyYAML's float without an integer part: `\.[0-9_]+([eE][-+][0-9]+)?`.
    case float11PyYAMLFraction
    /// YAML 1.1 float, sexagesimal: `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`.
    case float11Sexagesimal
    /// YAML 1.1 (and 1.2 core) infinity: `[-+]?\.(inf|Inf|INF)`.
    case float11Infinity
    /// YAML 1.1 (and 1.2 core) not-a-number: `\.(nan|NaN|NAN)`.
    case float11NaN
    /// YAML 1.1 timestamp, date only: `[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]`.
    case timestamp11Date
    /// YAML 1.1 timestamp with a time, as PyYAML reads it (blanks allowed before the zone, as
    /// in the type repository's own example `2001-12-14 21:59:43.10 -5`, which its pattern
    /// misses): `[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:`
    /// `[0-9][0-9](\.[0-9]*)?([ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?`.
    case timestamp11
    /// YAML 1.2 core int, decimal: `[-+]?[0-9]+`.
    case int12Decimal
    /// YAML 1.2 core int, octal: `0o[0-7]+`.
    case int12Octal
    /// YAML 1.2 core int, hexadecimal: `0x[0-9a-fA-F]+`.
    case int12Hexadecimal
    /// YAML 1.2 core float: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    case float12

    /// Whether some pattern matches the whole of `text`.
    static func matchesAny(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        all.contains { $0.matches(text) }
    }

    /// Whether this pattern matches the whole of `text`.
    ///
    /// Each pattern is read left to right without going back: wherever a pattern offers a
    /// choice, what follows the choice decides it from the next byte alone (a run stops at
    /// the first byte it cannot take, and no byte it can take may follow it).
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = ByteScanner(text)
        let matched: Bool
        switch self {
        case .int11Binary:
            matched = s.optional(.sign) && s.literal("0b") && s.some(.binaryOrUnderscore)
        case .int11Octal:
            matched = s.optional(.sign) && s.literal("0") && s.some(.octalOrUnderscore)
        case .int11Decimal:
            matched = s.optional(.sign) && (s.literal("0") || (s.one(.nonZeroDigit) && s.many(.digitOrUnderscore)))
        case .int11Hexadecimal:
            matched = s.optional(.sign) && s.literal("0x") && s.some(.hexOrUnderscore)
        case .int11Sexagesimal:
            matched = s.optional(.sign) && s.one(.nonZeroDigit) && s.many(.digitOrUnderscore) && s.baseSixtyParts()
        case .float11:
            matched = s.optional(.sign) && (s.one(.digit) ? s.many(.digitOrUnderscore) : true) && s.literal(".")
                && s.many(.digitOrPoint) && s.exponent(signRequired: true)
        case .float11PyYAML:
            matched = s.optional(.sign) && s.one(.digit) && s.many(.digitOrUnderscore) && s.literal(".")
                && s.many(.digitOrUnderscore) && s.exponent(signRequired: true)
        case .float11PyYAMLFraction:
            matched = s.literal(".") && s.some(.digitOrUnderscore) && s.exponent(signRequired: true)
        case .float11Sexagesimal:
            matched = s.optional(.sign) && s.one(.digit) && s.many(.digitOrUnderscore) && s.baseSixtyParts()
                && s.literal(".") && s.many(.digitOrUnderscore)
        case .float11Infinity:
            matched = s.optional(.sign) && s.literal(".") && (s.literal("inf") || s.literal("Inf") || s.literal("INF"))
        case .float11NaN:
            matched = s.literal(".") && (s.literal("nan") || s.literal("NaN") || s.literal("NAN"))
        case .timestamp11Date:
            matched = s.exactly(4, .digit) && s.literal("-") && s.exactly(2, .digit) && s.literal("-")
                && s.exactly(2, .digit)
        case .timestamp11:
            matched = s.exactly(4, .digit) && s.literal("-") && s.one(.digit) && s.optional(.digit)
                && s.literal("-") && s.one(.digit) && s.optional(.digit)
                && (s.one(.timeSeparator) || s.some(.blank))
                && s.one(.digit) && s.optional(.digit) && s.literal(":") && s.exactly(2, .digit)
                && s.literal(":") && s.exactly(2, .digit)
                && (s.literal(".") ? s.many(.digit) : true)
                && (s.atEnd || s.timeZone())
        case .int12Decimal:
            matched = s.optional(.sign) && s.some(.digit)
        case .int12Octal:
            matched = s.literal("0o") && s.some(.octal)
        case .int12Hexadecimal:
            matched = s.literal("0x") && s.some(.hex)
        case .float12:
            matched = s.optional(.sign)
                && (s.literal(".") ? s.some(.digit) : (s.some(.digit) && (s.literal(".") ? s.many(.digit) : true)))
                && s.exponent(signRequired: false)
        }
        return matched && s.atEnd
    }

    /// `allCases`, built once (the synthesized property builds a new array on every call).
    private static let all = allCases

    /// Reads a byte string from the front, one pattern element at a time. Every step that
    /// fails leaves the position where it was; the optional and repeated ones always succeed
    /// (so that a pattern reads as one chain of `&&`).
    private struct ByteScanner {
        private let text: UnsafeBufferPointer<UInt8>
        private var index = 0

        init(_ text: UnsafeBufferPointer<UInt8>) {
            self.text = text
        }

        var atEnd: Bool { index == text.count }

        /// `[set]`: one byte of `set`.
        mutating func one(_ set: ASCIISet) -> Bool {
            guard index < text.count, set.contains(text[index]) else { return false }
            index += 1
            return true
        }

        /// `[set]?`: one byte of `set` if there is one.
        mutating func optional(_ set: ASCIISet) -> Bool {
            _ = one(set)
            return true
        }

        /// `[set]*`, as many as there are.
        mutating func many(_ set: ASCIISet) -> Bool {
            while one(set) {}
            return true
        }

        /// `[set]+`.
        mutating func some(_ set: ASCIISet) -> Bool {
            one(set) && many(set)
        }

        /// `[set]{count}`.
        mutating func exactly(_ count: Int, _ set: ASCIISet) -> Bool {
            let start = index
            for _ in 0..<count where !one(set) {
                index = start
                return false
            }
            return true
        }

        /// The ASCII string `literal`, all of it or nothing.
        mutating func literal(_ literal: StaticString) -> Bool {
            let length = literal.utf8CodeUnitCount
            guard text.count - index >= length else { return false }
            for offset in 0..<length where text[index + offset] != literal.utf8Start[offset] { return false }
            index += length
            return true
        }

        /// `(:[0-5]?[0-9])+`. A part is one digit or two of which the first is 0–5; taking the
        /// longer one is never wrong, as every pattern lets only `:`, `.` or the end follow.
        mutating func baseSixtyParts() -> Bool {
            let start = index
            var parts = 0
            while literal(":") {
                guard one(.baseSixtyTens) ? optional(.digit) : one(.digit) else {
                    index = start
                    return false
                }
                parts += 1
            }
            if parts == 0 { index = start }
            return parts > 0
        }

        /// `([eE][-+][0-9]+)?` (`signRequired`) or `([eE][-+]?[0-9]+)?`, at the end of a pattern:
        /// a mark not followed by a whole exponent is not taken (and then fails the pattern's end).
        mutating func exponent(signRequired: Bool) -> Bool {
            let start = index
            guard one(.exponentMark) else { return true }
            let hasSign = one(.sign)
            if (hasSign || !signRequired) && some(.digit) { return true }
            index = start
            return true
        }

        /// A timestamp's zone after its time: `[ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?)`.
        mutating func timeZone() -> Bool {
            let start = index
            _ = many(.blank)
            if literal("Z")
                || (one(.sign) && one(.digit) && optional(.digit) && (literal(":") ? exactly(2, .digit) : true))
            {
                return true
            }
            index = start
            return false
        }
    }
}

/// The bracket expressions of `YAMLNumberPattern`'s patterns.
extension ASCIISet {
    fileprivate static let sign = ASCIISet("-+")
    fileprivate static let digit = ASCIISet("0123456789")
    fileprivate static let nonZeroDigit = ASCIISet("123456789")
    fileprivate static let baseSixtyTens = ASCIISet("012345")
    fileprivate static let octal = ASCIISet("01234567")
    fileprivate static let hex = ASCIISet("0123456789abcdefABCDEF")
    fileprivate static let digitOrUnderscore = ASCIISet("0123456789_")
    fileprivate static let binaryOrUnderscore = ASCIISet("01_")
    fileprivate static let octalOrUnderscore = ASCIISet("01234567_")
    fileprivate static let hexOrUnderscore = ASCIISet("0123456789abcdefABCDEF_")
    fileprivate static let digitOrPoint = ASCIISet("0123456789.")
    fileprivate static let exponentMark = ASCIISet("eE")
    fileprivate static let timeSeparator = ASCIISet("Tt")
    fileprivate static let blank = ASCIISet(" \t")
}
