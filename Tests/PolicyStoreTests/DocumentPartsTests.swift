import XCTest

@testable import PolicyStore

/// The cut of stored documents into content-addressed parts, and its exact way back.
final class DocumentPartsTests: XCTestCase {
    private func parts(_ document: String) -> DocumentParts { DocumentParts(splitting: Array(document.utf8)) }

    private func strings(_ parts: DocumentParts) -> [String] {
        parts.parts.map { String(decoding: $0, as: UTF8.self) }
    }

    func testAListIsCutIntoItsItems() {
        let list = #"{"apiVersion":"v1","items":[{"a":1},{"b":[2,3]},{"c":"x,]}"}],"kind":"List"}"#
        XCTAssertEqual(
            strings(parts(list)),
            [#"{"apiVersion":"v1","items":["#, #"],"kind":"List"}"#, #"{"a":1}"#, #"{"b":[2,3]}"#, #"{"c":"x,]}"}"#])
        XCTAssertEqual(parts(list).document, Array(list.utf8))
    }

    func testAnEmptyListKeepsItsFrame() {
        let list = #"{"apiVersion":"v1","items":[],"kind":"List"}"#
        XCTAssertEqual(strings(parts(list)), [#"{"apiVersion":"v1","items":["#, #"],"kind":"List"}"#])
        XCTAssertEqual(parts(list).document, Array(list.utf8))
    }

    func testAnObjectIsCutIntoItsMembersAndAnArrayIntoItsElements() {
        let object = #"{"cluster":{"platform":"openshift"},"lokistack":{"a":"\"{,"},"x":[1,{"y":2}]}"#
        XCTAssertEqual(
            strings(parts(object)),
            ["{", "}", #""cluster":{"platform":"openshift"}"#, #""lokistack":{"a":"\"{,"}"#, #""x":[1,{"y":2}]"#])
        XCTAssertEqual(strings(parts(#"[{"pointer":"/a","message":"m, n"},2]"#)), ["[", "]", #"{"pointer":"/a","message":"m, n"}"#, "2"])
        XCTAssertEqual(strings(parts("[]")), ["[", "]"])
        XCTAssertEqual(strings(parts("{}")), ["{", "}"])
    }

    func testAnythingElseIsStoredWholeAndComesBackExactly() {
        for document in [
            "", "42", #""text""#, "not json", "[1,]", "[,1]", "{\"a\":1} ", " {\"a\":1}", "[1, 2]", "{\"a\":[1}",
            "[\"unterminated", "{\"items\":[1,2]]}", "[[]]]", "\u{0}\u{FF}",
        ] {
            let cut = parts(document)
            XCTAssertEqual(cut.document, Array(document.utf8), document)
            if cut.items.isEmpty, cut.head != Array("[".utf8), cut.head != Array("{".utf8) {
                XCTAssertEqual(cut.parts, [Array(document.utf8), []], document)
            }
        }
        // Bytes that are not UTF-8 also come back exactly.
        let binary: [UInt8] = [0x5B, 0xFF, 0x2C, 0x00, 0x5D]
        XCTAssertEqual(DocumentParts(splitting: binary).document, binary)
    }

    func testTheAssemblerGivesBackTheDocumentFromItsPartsInStoredOrder() {
        let list = #"{"apiVersion":"v1","items":[{"a":1},{"b":2}],"kind":"List"}"#
        var assembler = DocumentAssembler(reservingCapacity: 4)
        for part in parts(list).parts { assembler.append(part) }
        XCTAssertEqual(assembler.partCount, 4)
        XCTAssertEqual(assembler.finish(), Array(list.utf8))
        var empty = DocumentAssembler()
        empty.append(Array("[".utf8))
        empty.append(Array("]".utf8))
        XCTAssertEqual(empty.finish(), Array("[]".utf8))
        var short = DocumentAssembler()
        short.append([1])
        XCTAssertNil(short.finish(), "a document has a head and a tail")
    }

    func testObjectIDsPackIntoEightBytesEach() {
        let ids: [Int64] = [1, 255, 256, Int64.max, -1]
        XCTAssertEqual(PackedObjectIDs.pack(ids).count, 40)
        XCTAssertEqual(PackedObjectIDs.unpack(PackedObjectIDs.pack(ids)), ids)
        XCTAssertEqual(PackedObjectIDs.pack([258]), [0, 0, 0, 0, 0, 0, 1, 2])
        XCTAssertNil(PackedObjectIDs.unpack([1, 2, 3]))
    }
}
