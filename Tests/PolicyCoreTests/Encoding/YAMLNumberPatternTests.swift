import XCTest

@testable import PolicyCore

/// The hand-written number patterns against the same patterns written as regular expressions,
/// as the YAML 1.1 type repository, PyYAML and the YAML 1.2 core schema give them (the
/// encoder matched with these regexes before): on every string they must agree, pattern by
/// pattern, and `YAMLOutputScalar.isNumberLike` (with its byte prefilter) must agree with
/// their union.
final class YAMLNumberPatternTests: XCTestCase {
    static let specification: [(YAMLNumberPattern, String)] = [
        (.int11Binary, #"[-+]?0b[0-1_]+"#),
        (.int11Octal, #"[-+]?0[0-7_]+"#),
        (.int11Decimal, #"[-+]?(0|[1-9][0-9_]*)"#),
        (.int11Hexadecimal, #"[-+]?0x[0-9a-fA-F_]+"#),
        (.int11Sexagesimal, #"[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+"#),
        (.float11, #"[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?"#),
        (.float11PyYAML, #"[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)?"#),
        (.float11PyYAMLFraction, #"\.[0-9_]+([eE][-+][0-9]+)?"#),
        (.float11Sexagesimal, #"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*"#),
        (.float11Infinity, #"[-+]?\.(inf|Inf|INF)"#),
        (.float11NaN, #"\.(nan|NaN|NAN)"#),
        (.timestamp11Date, #"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"#),
        (
            .timestamp11,
            #"[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](\.[0-9]*)?([ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?"#
        ),
        (.int12Decimal, #"[-+]?[0-9]+"#),
        (.int12Octal, #"0o[0-7]+"#),
        (.int12Hexadecimal, #"0x[0-9a-fA-F]+"#),
        (.float12, #"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"#),
    ]

    /// Every byte a pattern can take, and three it cannot (one of them not ASCII).
    static let alphabet: [String] = "0123456789abcdefABCDEFxXoOtTzZiInN_.:+- \t".map(String.init) + ["g", "/", "é"]

    /// Strings each pattern matches, the starting points of the variants tried.
    static let examples: [String] = [
        "0b1_0", "-0b11", "017", "+0_7", "0", "-1_000", "0x_1F", "+0xa", "190:20:30", "-1_0:5:59", "1.", ".5",
        "+1.2.3", "-12_3.4e+5", "1._5E-10", ".5_5e+3", "._", "1:20.5_0", "+9:59.", ".inf", "-.Inf", "+.INF", ".nan",
        ".NaN", ".NAN", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-1-2 1:02:03",
        "2001-12-14T21:59:43Z", "2001-12-14\t\t1:59:43.+5:30", "0123", "+09", "0o17", "0xFf", "1e3", "-1E+03",
        "+.5e-3", "4.20",
    ]

    /// Bytes that may stand in for each other in a variant: each class of the patterns.
    static let substitutes: [String] = ["0123456789", "+-", "eE", "xXoObB", "iInNfFaA", "tT Z\t", ".:_"]

    func testEveryPatternHasItsSpecification() {
        XCTAssertEqual(Self.specification.map { $0.0 }, YAMLNumberPattern.allCases)
    }

    func testPatternsAgreeWithTheSpecificationRegexes() throws {
        let regexes = try Self.specification.map { ($0.0, try Regex($0.1)) }
        var strings = Self.exhaustive(upTo: 3, over: Self.alphabet)
        strings += Self.exhaustive(upTo: 5, over: ["0", "1", "6", "_", ".", ":", "-", "e", "x", "T", " "])
        var rng = SplitMix(seed: 9)
        func pick(_ characters: some Collection<Character>) -> Character {
            characters[characters.index(characters.startIndex, offsetBy: Int(rng.next() % UInt64(characters.count)))]
        }
        // Variants of the examples and of the encoder's tables: characters swapped for others of
        // their class, and one character replaced, inserted or deleted.
        for text in Self.examples + YAMLOutputScalarTests.mustQuote + YAMLOutputScalarTests.staysPlain
        where text.utf8.count < 40 {
            for _ in 0..<150 {
                var characters = Array(text)
                for i in characters.indices where rng.next() % 4 == 0 {
                    if let group = Self.substitutes.first(where: { $0.contains(characters[i]) }) {
                        characters[i] = pick(group)
                    }
                }
                let at = Int(rng.next() % UInt64(characters.count + 1))
                let character = Character(Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))])
                switch rng.next() % 4 {
                case 0 where at < characters.count: characters[at] = character
                case 1 where at < characters.count: characters.remove(at: at)
                case 2: characters.insert(character, at: at)
                default: break
                }
                strings.append(String(characters))
            }
        }

        var matchesPerPattern: [YAMLNumberPattern: Int] = [:]
        var disagreements: [String] = []
        for text in strings {
            let utf8 = Array(text.utf8)
            var anyRegex = false
            for (pattern, regex) in regexes {
                let expected = text.wholeMatch(of: regex) != nil
                let actual = utf8.withUnsafeBufferPointer { pattern.matches($0) }
                anyRegex = anyRegex || expected
                if expected { matchesPerPattern[pattern, default: 0] += 1 }
                if expected != actual { disagreements.append("\(pattern) \(text.debugDescription): regex \(expected)") }
            }
            let numberLike = !utf8.isEmpty && utf8.withUnsafeBufferPointer { YAMLOutputScalar.isNumberLike($0) }
            if numberLike != anyRegex { disagreements.append("isNumberLike \(text.debugDescription): regexes \(anyRegex)") }
        }
        XCTAssertEqual(disagreements.prefix(20), [], "\(disagreements.count) disagreements over \(strings.count) strings")
        // The comparison is not vacuous: every pattern matched some of the strings.
        for pattern in YAMLNumberPattern.allCases {
            XCTAssertGreaterThan(matchesPerPattern[pattern, default: 0], 20, "\(pattern)")
        }
    }

    /// Every string of at most `length` elements of `alphabet`.
    static func exhaustive(upTo length: Int, over alphabet: [String]) -> [String] {
        var all: [String] = []
        var layer = [""]
        for _ in 0..<length {
            layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
            all += layer
        }
        return all
    }
}
