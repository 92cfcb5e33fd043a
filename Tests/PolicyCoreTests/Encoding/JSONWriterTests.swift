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

    /// A needing-escape byte at every position of texts of every length up to 40 (the clean
    /// words are copied eight bytes at a time, the last overlapping, shorter texts as one word):
    /// each escaped as a byte-by-byte escaper does, JSON and YAML alike.
    func testEscapesAtEveryPositionAndLength() {
        func expected(_ bytes: [UInt8], yaml: Bool) -> [UInt8] {
            var out: [UInt8] = []
            for byte in bytes {
                switch byte {
                case 0x22: out += Array(#"\""#.utf8)
                case 0x5C: out += Array(#"\\"#.utf8)
                case 0x0A: out += Array(#"\n"#.utf8)
                case 0x01: out += Array(#"\u0001"#.utf8)
                case 0x7F where yaml: out += Array(#"\u007f"#.utf8)
                default: out.append(byte)
                }
            }
            return out
        }
        for length in 0...40 {
            let clean = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            for yaml in [false, true] {
                var whole = ByteBuffer(capacity: 1)
                clean.withUnsafeBufferPointer { JSONWriter.appendEscaped($0, to: &whole, escapingForYAML: yaml) }
                XCTAssertEqual(whole.array, clean, "clean, length \(length)")
            }
            XCTAssertEqual(
                JSONWriter.quoted(String(decoding: clean, as: UTF8.self)), [0x22] + clean + [0x22], "length \(length)")
            for position in 0..<length {
                for special: UInt8 in [0x22, 0x5C, 0x0A, 0x01, 0x7F] {
                    var text = clean
                    text[position] = special
                    let quoted = JSONWriter.quoted(String(decoding: text, as: UTF8.self))
                    XCTAssertEqual(quoted, [0x22] + expected(text, yaml: false) + [0x22], "JSON \(special) at \(position) of \(length)")
                    var yamlOut = ByteBuffer(capacity: 1)
                    text.withUnsafeBufferPointer { JSONWriter.appendEscaped($0, to: &yamlOut, escapingForYAML: true) }
                    XCTAssertEqual(yamlOut.array, expected(text, yaml: true), "YAML \(special) at \(position) of \(length)")
                }
            }
        }
    }

    func testAWriterEmptiedKeepsWriting() {
        var w = JSONWriter(reservingCapacity: 4)
        w.string("first text, longer than the reservation")
        w.removeAll()
        XCTAssertEqual(w.count, 0)
        w.raw("{")
        w.int(42)
        w.raw(atMost: 8) { target in
            target.storeBytes(of: UInt8(ascii: "}"), as: UInt8.self)
            return 1
        }
        XCTAssertEqual(w.withBytes { Array($0) }, Array("{42}".utf8))
    }

    func testIntegers() {
        var values = [0, 7, 10, 443, 65535, -1, -90, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var power = 1
        for _ in 1...18 {
            power *= 10
            values += [power - 1, power, power + 1, -power]
        }
        for value in values {
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
