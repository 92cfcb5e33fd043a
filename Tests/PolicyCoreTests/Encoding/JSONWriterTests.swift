import Foundation
import XCTest

@testable import PolicyCore

/// RFC 8785 string escaping and number writing of `JSONWriter`.
final class JSONWriterTests: XCTestCase {
    func testStringEscapes() {
        let cases: [(String, String)] = [
            ("plain", #""plain""#),
            ("a/b", #""a/b""#),  // '/' not escaped
            ("q\"b\\", #""q\"b\\""#),
            ("\u{8}\u{9}\u{A}\u{C}\u{D}", #""\b\t\n\f\r""#),
            ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),  // lowercase hex
            ("\u{7F}é€😀", "\"\u{7F}é€😀\""),  // DEL and non-ASCII raw UTF-8
            ("\u{2028}\u{85}", "\"\u{2028}\u{85}\""),
            ("long run of clean text then \"quote\" and more clean text", #""long run of clean text then \"quote\" and more clean text""#),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(String(decoding: JSONWriter.quoted(input), as: UTF8.self), expected, input.debugDescription)
        }
    }

    func testEveryEscapedStringParsesBack() throws {
        var all = ""
        for scalar in (0..<0x80).compactMap(Unicode.Scalar.init) { all.unicodeScalars.append(scalar) }
        all += "ü€😀\u{2028}"
        for text in [all, String(all.reversed()), String(repeating: "ab\"c", count: 40)] {
            let quoted = JSONWriter.quoted(text)
            let parsed = try JSONSerialization.jsonObject(with: Data(quoted), options: [.fragmentsAllowed])
            XCTAssertEqual(parsed as? String, text)
        }
    }

    func testIntegers() {
        for value in [0, 7, 10, 443, 65535, -1, -90, Int.max, Int.min] {
            var w = JSONWriter()
            w.int(value)
            let text = w.finish()
            XCTAssertEqual(String(decoding: text, as: UTF8.self), String(value))
        }
    }

    func testComposedDocument() {
        var w = JSONWriter(reservingCapacity: 4)  // grows past its reservation
        w.raw("{")
        w.key("a")
        w.stringArray(["x", "y"])
        w.raw(",\"b\":")
        w.bool(true)
        w.raw(",\"c\":")
        w.null()
        w.raw(",\"d\":")
        w.raw(Array("[1]".utf8))
        w.raw(byte: UInt8(ascii: "}"))
        XCTAssertEqual(w.count, 41)
        XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), #"{"a":["x","y"],"b":true,"c":null,"d":[1]}"#)
    }

    func testWriteIssues() {
        var w = JSONWriter()
        PolicyEncoding.writeIssues(
            [FieldIssue(pointer: "/a~1b", message: "m1"), FieldIssue(pointer: "/c", message: "m\n2")], to: &w)
        let text = w.finish()
        XCTAssertEqual(
            String(decoding: text, as: UTF8.self),
            #"[{"message":"m1","pointer":"/a~1b"},{"message":"m\n2","pointer":"/c"}]"#)
    }
}
