import SystemSupport

/// How a string is written as a YAML scalar (spec §8): plain when a plain scalar reads
/// back as the same string under both YAML 1.1 and YAML 1.2, else double-quoted with
/// JSON-style escapes.
enum YAMLOutputScalar {
    /// Whether `text` can be written as a plain scalar in block context and read back as
    /// the same string by a YAML 1.1 or 1.2 reader (any schema: core, JSON, 1.1 types).
    ///
    /// Not plain: the empty string; `null`, `~`, booleans of either version (`true`, `yes`,
    /// `on`, `y`, … in any letter case); the 1.1 merge/value keys `<<` and `=`; anything
    /// number-like (ints in any base, floats, `.inf`/`.nan`, 1.1 sexagesimal `12:30`,
    /// underscores `1_000`, timestamps `2001-12-14`); a leading indicator character, a
    /// leading or trailing space, `: ` or ` #` inside, a trailing `:`; control characters
    /// and the Unicode characters YAML 1.1 reads as line breaks or does not allow raw.
    static func isPlainSafe(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress, let first = text.first, let last = text.last else { return false }
        if indicatorTable[Int(first)] { return false }
        if first == space || last == space || last == colon { return false }
        let n = text.count
        var i = 0
        while i < n {
            // Skip eight bytes at a time that hold no `:`, `#`, control or non-ASCII byte.
            if n - i >= 8 {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if !mayBeSpecial(word) {
                    i += 8
                    continue
                }
            }
            let b = base[i]
            if b < 0x20 || b == 0x7F { return false }
            if b >= 0x80, specialScalar(in: text, at: i) != nil { return false }
            if b == colon, i + 1 < n, base[i + 1] == space { return false }
            if b == hash, i > 0, base[i - 1] == space { return false }
            i += 1
        }
        return !isReservedWord(text) && !isNumberLike(text)
    }

    /// Whether any of the eight bytes in `word` is `:`, `#`, a control character or ≥ 0x7F.
    @inline(__always)
    private static func mayBeSpecial(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let colons = word ^ (ones &* 0x3A)
        let hashes = word ^ (ones &* 0x23)
        let marks = ((colons &- ones) & ~colons & highs) | ((hashes &- ones) & ~hashes & highs)
        let nonASCII = (word | (word &+ ones)) & highs
        return (control | marks | nonASCII) != 0
    }

    /// A character at `index` that a YAML double-quoted scalar must escape although JSON
    /// need not: U+007F, C1 controls U+0080–U+009F (NEL U+0085 is a 1.1 line break),
    /// U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF. Returns the scalar and its UTF-8 length.
    static func specialScalar(
        in text: UnsafeBufferPointer<UInt8>, at index: Int
    ) -> (scalar: UInt32, length: Int)? {
        let b0 = text[index]
        if b0 == 0x7F { return (0x7F, 1) }
        let remaining = text.count - index
        if b0 == 0xC2, remaining >= 2 {
            let b1 = text[index + 1]
            if b1 >= 0x80 && b1 <= 0x9F { return (UInt32(b1), 2) }
        } else if b0 == 0xE2, remaining >= 3, text[index + 1] == 0x80 {
            let b2 = text[index + 2]
            if b2 == 0xA8 || b2 == 0xA9 { return (0x2000 | UInt32(b2 & 0x3F), 3) }
        } else if b0 == 0xEF, remaining >= 3 {
            let b1 = text[index + 1]
            let b2 = text[index + 2]
            if b1 == 0xBB && b2 == 0xBF { return (0xFEFF, 3) }
            if b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF) { return (0xFFC0 | UInt32(b2 & 0x3F), 3) }
        }
        return nil
    }

    // MARK: - Private

    private static let space = UInt8(ascii: " ")
    private static let colon = UInt8(ascii: ":")
    private static let hash = UInt8(ascii: "#")

    /// Characters that may not start a plain scalar (YAML c-indicator, both versions).
    private static let indicatorTable: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in "-?:,[]{}#&*!|>'\"%@`".utf8 { table[Int(b)] = true }
        return table
    }()

    /// Plain words that resolve to null, a boolean or a 1.1 special key, lowercase.
    private static let reservedWords: [[UInt8]] = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "<<", "=",
    ].map { Array($0.utf8) }

    private static func isReservedWord(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count <= 5 else { return false }
        for word in reservedWords where word.count == text.count {
            var same = true
            for (a, b) in zip(word, text) where a != asciiLowercase(b) {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }

    /// Whether a plain scalar `text` reads as a number or a timestamp rather than a string,
    /// under YAML 1.1 or 1.2: one of `YAMLNumberPattern`'s patterns matches it. Exactly these:
    /// `2bad`, `12-30` or `1-2-3` stay plain, `1e3`, `0o17`, `1.2.3`, `1_000`, `1:30` or
    /// `2001-12-14` do not. `text` is not empty.
    static func isNumberLike(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if text[0] == UInt8(ascii: "+") || text[0] == UInt8(ascii: "-") { i = 1 }
        guard i < text.count else { return false }
        let start = text[i]
        // Every pattern starts, after an optional sign, with a digit or a point.
        guard (start >= UInt8(ascii: "0") && start <= UInt8(ascii: "9")) || start == UInt8(ascii: ".") else {
            return false
        }
        // Most such strings (CIDRs, paths) hold a byte no pattern has: no pattern is tried for them.
        for b in text where !numberAlphabet.contains(b) { return false }
        return YAMLNumberPattern.matchesAny(text)
    }

    /// Every byte any of `YAMLNumberPattern`'s patterns can match.
    private static let numberAlphabet = ASCIISet("0123456789abcdefABCDEFxXoOtTzZiInN_.:+- \t")

    private static func asciiLowercase(_ b: UInt8) -> UInt8 {
        b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
    }
}
