import XCTest

@testable import PolicyCore

/// YAML reading: YAML 1.2 core schema typing, keys, limits (depth, aliases), UTF-8.
final class YAMLReaderTests: XCTestCase {
    private func value(_ scalar: String) throws(InputError) -> JSONValue? {
        try JSONValue.parseYAMLStream(Array("v: \(scalar)\n".utf8)).first?["v"]
    }

    private func documents(_ text: String) throws(InputError) -> [JSONValue] {
        try JSONValue.parseYAMLStream(Array(text.utf8))
    }

    func testCoreSchemaTyping() throws {
        let cases: [(String, JSONValue)] = [
            ("true", true), ("True", true), ("TRUE", true), ("false", false), ("FALSE", false),
            ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("y", "y"), ("tRUE", "tRUE"),
            ("\"true\"", "true"), ("'false'", "false"),
            ("null", .null), ("Null", .null), ("NULL", .null), ("~", .null), ("", .null), ("'null'", "null"),
            ("42", 42), ("-7", -7), ("+12", 12), ("007", 7), ("0", 0), ("-0", .number("-0")),
            ("0x1F", 31), ("0o17", 15), ("0xffffffffffffffff", .number("18446744073709551615")),
            ("4.20", .number("4.20")), ("1.", .number("1")), (".5", .number("0.5")), ("-.5e3", .number("-0.5e3")),
            ("1e3", .number("1e3")), ("1E-2", .number("1e-2")), ("+1.5e+2", .number("1.5e+2")),
            ("1_000", "1_000"), ("0b101", "0b101"), ("0x", "0x"), ("12:30", "12:30"), ("1.2.3", "1.2.3"),
            ("2024-01-01", "2024-01-01"), (".", "."), ("e3", "e3"), ("'4.20'", "4.20"),
            ("1e", "1e"), ("1e+", "1e+"), ("1.5e", "1.5e"), (".e3", ".e3"), ("+.", "+."), ("1.5x", "1.5x"),
            ("0o8", "0o8"), ("+0o7", "+0o7"), ("0x1g", "0x1g"), ("-0x1", "-0x1"), ("+.5", .number("0.5")),
            ("!!str 123", "123"), ("! 123", "123"), ("!!int \"5\"", 5), ("!!bool 'true'", true),
            ("!!float 1", 1), ("!!null ''", .null), ("|\n  block text\n", "block text\n"), (">-\n  folded\n  text\n", "folded text"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try value(text), expected, text)
        }
        // The number 4.20 equals 4.2 but keeps its literal for messages.
        XCTAssertEqual(try value("4.20"), .number("4.2"))
    }

    func testUnrepresentableScalarsAndTagsAreUnparseable() {
        for text in [".inf", "-.Inf", ".nan", "0x10000000000000000", "!!int abc", "!!bool yes", "!!binary aGk=", "!custom x", "!!null x"] {
            let error = inputError { () throws(InputError) in try value(text) }
            XCTAssertEqual(error?.kind, .unparseable, text)
        }
        XCTAssertEqual(inputError { () throws(InputError) in try documents("!!set {a: null}") }?.kind, .unparseable)
    }

    func testKeys() throws {
        let doc = try documents("1: a\ntrue: b\n\"q\": c\n~: d\n").first
        XCTAssertEqual(doc?.objectValue?.keys, ["1", "true", "q", "~"])
        for text in ["a: 1\na: 2\n", "a: 1\n\"a\": 2\n", "{a: 1, 'a': 2}", "? [a]\n: 1\n", "? {a: 1}\n: 2\n", "x: &k [1]\n*k : 2\n"] {
            XCTAssertEqual(inputError { () throws(InputError) in try documents(text) }?.kind, .unparseable, text)
        }
    }

    func testDuplicateKeyMessageHasPosition() {
        let error = inputError { () throws(InputError) in try documents("spec:\n  mode: a\n  mode: b\n") }
        let message = error?.issues.first?.message ?? ""
        XCTAssertTrue(message.contains("duplicate key \"mode\""), message)
        XCTAssertTrue(message.contains("line 3"), message)
    }

    func testAliasesResolve() throws {
        let doc = try documents("base: &b {x: 1}\nuse: *b\nlist: &l [a]\nagain: *l\n").first
        XCTAssertEqual(doc?["use"], ["x": 1])
        XCTAssertEqual(doc?["again"], ["a"])
        // YAML 1.2 has no merge keys: `<<` is an ordinary key.
        XCTAssertEqual(try documents("a: &a {x: 1}\nb: {<<: *a}\n").first?["b"]?["<<"], ["x": 1])
        XCTAssertEqual(inputError { () throws(InputError) in try documents("a: *missing\n") }?.kind, .unparseable)
    }

    /// Billion laughs: ten levels of ten aliases stop at the decoded-size budget (counted in bytes).
    func testAliasBombIsRefused() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "a\(i): &a\(i) [\(refs)]\n"
        }
        let error = inputError { () throws(InputError) in try documents(text) }
        XCTAssertEqual(error?.kind, .tooLarge)
        XCTAssertTrue(error?.issues.first?.message.contains("larger than 1048576 bytes") ?? false, "\(String(describing: error))")
    }

    func testDepthLimits() throws {
        let flowOK = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        XCTAssertNoThrow(try documents(flowOK))
        let flowDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        XCTAssertEqual(inputError { () throws(InputError) in try documents(flowDeep) }?.kind, .unparseable)
        // 1 MiB of `[` / `{a: ` must not overflow the stack.
        let bombs = [String(repeating: "[", count: 1 << 20), String(repeating: "{a: ", count: 250_000), String(repeating: "- ", count: 500_000)]
        for bomb in bombs {
            XCTAssertEqual(inputError { () throws(InputError) in try documents(bomb) }?.kind, .unparseable)
        }
        var indented = ""
        for i in 0..<2000 { indented += String(repeating: " ", count: i) + "k\(i):\n" }
        XCTAssertEqual(inputError { () throws(InputError) in try documents(indented) }?.kind, .unparseable)
        // Depth counts through aliases too.
        let nested = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let viaAlias = "a: &a \(nested)\nb: " + String(repeating: "[", count: 30) + "*a" + String(repeating: "]", count: 30) + "\n"
        XCTAssertEqual(inputError { () throws(InputError) in try documents(viaAlias) }?.kind, .unparseable)
    }

    func testNonUTF8IsRefused() {
        let cases: [[UInt8]] = [
            Array("a: ".utf8) + [0xE9] + Array("\n".utf8),
            [0xFF, 0xFE, 0x61, 0x00],
            Array("a: \"".utf8) + [0xED, 0xB0, 0x80] + Array("\"\n".utf8),
        ]
        for bytes in cases {
            let error = inputError { () throws(InputError) in try JSONValue.parseYAMLStream(bytes) }
            XCTAssertEqual(error?.kind, .unparseable)
            XCTAssertTrue(error?.issues.first?.message.contains("UTF-8") ?? false)
        }
    }

    func testSyntaxErrorsAreUnparseable() {
        for text in ["a: [1, 2\n", "a: b: c\n", "- a\nb: c\n", "a: 'unterminated\n", "\ta: 1\n", "a: \"\\ud800\"\n"] {
            let error = inputError { () throws(InputError) in try documents(text) }
            XCTAssertEqual(error?.kind, .unparseable, text)
            XCTAssertTrue(error?.issues.first?.message.contains("line") ?? false, text)
        }
    }

    func testStreamsKeepDocumentsInOrderWithEmptyOnesAsNull() throws {
        XCTAssertEqual(try documents("a: 1\n---\n---\nb: 2\n...\n"), [["a": 1], .null, ["b": 2]])
        XCTAssertEqual(try documents(""), [])
        XCTAssertEqual(try documents("%YAML 1.2\n---\na: 1\n"), [["a": 1]])
    }

    func testByteOrderMarkIsSkipped() throws {
        XCTAssertEqual(try JSONValue.parseYAMLStream([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8)), [["a": 1]])
    }

    func testJSONIsReadAsYAML() throws {
        XCTAssertEqual(try documents(#"{"a": [1, "x", true, null], "b": {"c": 2.5}}"#), [["a": [1, "x", true, .null], "b": ["c": .number("2.5")]]])
    }
}
