import XCTest

@testable import PolicyCore

/// The strict JSON reader and the compact/canonical writers.
final class JSONValueTests: XCTestCase {
    private func parse(_ text: String) throws(InputError) -> JSONValue {
        try JSONValue.parseJSON(Array(text.utf8))
    }

    func testParsesEveryValueKind() throws {
        let v = try parse(#" {"a": [1, -2.5e3, true, false, null, "x\u00e9\n\"\/"], "b": {}, "c": [], "d": 0} "#)
        XCTAssertEqual(
            v,
            [
                "a": [.number("1"), .number("-2.5e3"), true, false, .null, "xé\n\"/"], "b": .object(JSONObject()),
                "c": [], "d": 0,
            ])
        XCTAssertEqual(v.objectValue?.keys, ["a", "b", "c", "d"])
    }

    func testSurrogatePairsAndUTF8Strings() throws {
        XCTAssertEqual(try parse(#""\ud83d\ude00 😀 ü""#), "😀 😀 ü")
    }

    func testRejectsInvalidJSONAsUnparseable() {
        let cases: [(String, String)] = [
            ("trailing comma in object", #"{"a": 1,}"#),
            ("trailing comma in list", "[1,]"),
            ("leading zero", "[01]"),
            ("bare fraction", "[.5]"),
            ("plus sign", "[+1]"),
            ("missing exponent digits", "[1e]"),
            ("comment", "{} // c"),
            ("single quotes", "{'a': 1}"),
            ("unquoted key", "{a: 1}"),
            ("duplicate key", #"{"a": 1, "a": 2}"#),
            ("duplicate key in a large object", "{" + (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ",") + #", "k7": 1}"#),
            ("lone high surrogate", #"["\ud800"]"#),
            ("lone low surrogate", #"["\udc00x"]"#),
            ("bad escape", #"["\x"]"#),
            ("raw control character", "[\"a\u{01}b\"]"),
            ("raw newline in string", "[\"a\nb\"]"),
            ("two values", "{} {}"),
            ("unterminated string", #"["abc"#),
            ("unterminated object", #"{"a": 1"#),
            ("NaN", "[NaN]"),
            ("truncated literal", "[tru]"),
        ]
        for (name, text) in cases {
            let error = inputError { () throws(InputError) in try parse(text) }
            XCTAssertEqual(error?.kind, .unparseable, name)
            XCTAssertEqual(error?.issues.first?.pointer, "", name)
        }
    }

    func testErrorMessagesGiveLineColumnAndPlace() {
        let error = inputError { () throws(InputError) in try parse("{\n  \"spec\": {\"mode\": \"a\",\n  \"mode\": 1}}") }
        let message = error?.issues.first?.message ?? ""
        XCTAssertTrue(message.contains("line 3, column 3"), message)
        XCTAssertTrue(message.contains("(in /spec)"), message)
        XCTAssertTrue(message.contains("duplicate key \"mode\""), message)
    }

    func testRejectsInvalidUTF8() {
        let cases: [(String, [UInt8])] = [
            ("invalid byte in string", Array(#"{"a": ""#.utf8) + [0xFF] + Array(#""}"#.utf8)),
            ("overlong encoding", Array(#"[""#.utf8) + [0xC0, 0xAF] + Array(#""]"#.utf8)),
            ("encoded surrogate", Array(#"[""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""]"#.utf8)),
            ("truncated sequence", Array(#"[""#.utf8) + [0xE2, 0x82] + Array(#""]"#.utf8)),
            ("latin-1 outside strings", [0x7B, 0xE9, 0x7D]),
            ("UTF-16 with BOM", [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]),
        ]
        for (name, bytes) in cases {
            let error = inputError { () throws(InputError) in try JSONValue.parseJSON(bytes) }
            XCTAssertEqual(error?.kind, .unparseable, name)
        }
    }

    func testUTF8ByteOrderMarkIsSkipped() throws {
        XCTAssertEqual(try JSONValue.parseJSON([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)), [1])
    }

    func testDepthLimit() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        XCTAssertNoThrow(try parse(ok))
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        XCTAssertEqual(inputError { () throws(InputError) in try parse(deep) }?.kind, .unparseable)
        // 1 MiB of `[` and of `{"a":` must neither crash nor recurse deeply.
        let bomb = [UInt8](repeating: UInt8(ascii: "["), count: 1 << 20)
        XCTAssertEqual(inputError { () throws(InputError) in try JSONValue.parseJSON(bomb) }?.kind, .unparseable)
        let objects = Array(String(repeating: #"{"a":"#, count: 200_000).utf8)
        XCTAssertEqual(inputError { () throws(InputError) in try JSONValue.parseJSON(objects) }?.kind, .unparseable)
    }

    func testEmptyDocumentIsNull() throws {
        XCTAssertEqual(try parse("  \n\t"), .null)
        XCTAssertNil(try JSONValue.parseJSONDocument(Array(" ".utf8), maxDepth: 64))
    }

    // MARK: - Equality

    func testObjectEqualityIgnoresKeyOrderButKeepsIt() throws {
        let a = try parse(#"{"a": 1, "b": {"c": [1, 2], "d": "x"}}"#)
        let b = try parse(#"{"b": {"d": "x", "c": [1, 2]}, "a": 1}"#)
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.hashValue, b.hashValue)
        XCTAssertNotEqual(a.jsonBytes(), b.jsonBytes())
        XCTAssertEqual(a.canonicalJSONBytes(), b.canonicalJSONBytes())
        XCTAssertNotEqual(a, try parse(#"{"a": 1, "b": {"c": [2, 1], "d": "x"}}"#))
        XCTAssertNotEqual(a, try parse(#"{"a": 1, "b": {"c": [1, 2], "e": "x"}}"#))
    }

    func testNumbersCompareByValue() {
        XCTAssertEqual(JSONValue.number("4.0"), .number("4"))
        XCTAssertEqual(JSONValue.number("1e2"), .number("100"))
        XCTAssertEqual(JSONValue.number("4.0").hashValue, JSONValue.number("4").hashValue)
        XCTAssertNotEqual(JSONValue.number("4.2"), .number("4.20000001"))
        XCTAssertNotEqual(JSONValue.number("1"), .string("1"))
    }

    // MARK: - Writers

    func testJSONBytesKeepStoredOrderAndLiterals() throws {
        let text = #"{"z":1.50,"a":[true,null,"\u0001\"\\/é"],"m":{}}"#
        XCTAssertEqual(String(decoding: try parse(text).jsonBytes(), as: UTF8.self), #"{"z":1.50,"a":[true,null,"\u0001\"\\/é"],"m":{}}"#)
    }

    func testStringEscapesAreShortOrLowercaseHex() {
        let value = JSONValue.string("\u{08}\t\n\u{0C}\r\u{1F}\u{7F}\u{2028}")
        let expected = #""\b\t\n\f\r\u001f"# + "\u{7F}\u{2028}\""
        XCTAssertEqual(String(decoding: value.jsonBytes(), as: UTF8.self), expected)
        XCTAssertEqual(String(decoding: value.canonicalJSONBytes(), as: UTF8.self), expected)
    }

    func testCanonicalJSONSortsKeysByCodePointAndEscapesMinimally() throws {
        let v = try parse(#"{"b": 1, "a": {"é": 1, "z": 2, "A": 3}, "\u00e0": "\b\f\n\r\t\u001f/", "B": []}"#)
        XCTAssertEqual(
            String(decoding: v.canonicalJSONBytes(), as: UTF8.self),
            #"{"B":[],"a":{"A":3,"z":2,"é":1},"b":1,"à":"\b\f\n\r\t\u001f/"}"#)
    }

    func testCanonicalNumbers() {
        let cases: [(String, String)] = [
            ("0", "0"), ("-0", "0"), ("1", "1"), ("-12", "-12"), ("1.0", "1"), ("4.20", "4.2"), ("1e2", "100"),
            ("1E+2", "100"), ("1.5e-3", "0.0015"), ("0.000001", "0.000001"), ("0.0000001", "1e-7"),
            ("123456789012345678901", "123456789012345680000"), ("1e21", "1e+21"), ("1.25e25", "1.25e+25"),
            ("-0.0", "0"), ("9007199254740993", "9007199254740992"), ("5e-324", "5e-324"), ("1e400", "1e400"),
            ("123456789012345", "123456789012345"),
        ]
        for (literal, canonical) in cases {
            XCTAssertEqual(JSONNumberText.canonical(literal), canonical, literal)
        }
    }

    func testIntValue() {
        XCTAssertEqual(JSONValue.number("443").intValue, 443)
        XCTAssertEqual(JSONValue.number("-7").intValue, -7)
        XCTAssertNil(JSONValue.number("1.0").intValue)
        XCTAssertNil(JSONValue.number("99999999999999999999").intValue)
        XCTAssertNil(JSONValue.string("1").intValue)
    }

    func testRoundTripThroughWriters() throws {
        let text = #"{"a":[1,2.5,"x\ty",{"k":null}],"b":false,"c":"\u2028"}"#
        let v = try parse(text)
        XCTAssertEqual(try JSONValue.parseJSON(v.jsonBytes()), v)
        XCTAssertEqual(try JSONValue.parseJSON(v.canonicalJSONBytes()), v)
    }
}
