import XCTest

@testable import PolicyStore

/// A revision's parts list: read back as written, anything else refused.
final class PartsListTests: XCTestCase {
    private func ids(_ text: String) -> [[Int64]]? {
        Array(text.utf8).withUnsafeBytes { PartsList.ids($0) }
    }

    func testReadsWhatItWrites() {
        for documents: [[Int64]] in [
            [[1, 2], [3, 4, 5], [6, 7, 8, 9, 10]], [[], [0], [Int64.max]], [[1, 2], [], []], [], [[1, 2]], [[12_345_678_901, 2], [3, 4], [5, 6]],
        ] {
            XCTAssertEqual(ids(PartsList.json(documents)), documents, PartsList.json(documents))
        }
    }

    func testAllowsJSONWhitespaceBetweenTokens() {
        XCTAssertEqual(ids(" [ [1 ,2] ,\n[3,\t4],[ ] ]\r\n"), [[1, 2], [3, 4], []])
    }

    func testRefusesAnythingElse() {
        for text in [
            "", "[", "]", "[[1,2]", "[[1,2]]]", "[[1,2],]", "[[1,,2]]", "[[1,2,]]", "[1,2]", "[[-1]]", "[[01]]",
            "[[1.5]]", "[[1e3]]", "[[\"1\"]]", "[[null]]", "[[9223372036854775808]]", "[[1]] x", "{}", "[[1] [2]]",
        ] {
            XCTAssertNil(ids(text), text)
        }
    }
}
