import XCTest

@testable import PolicyCore

/// Duplicate-key detection (issue 8): O(1) amortized work per key, counted, never timed.
final class MappingKeysTests: XCTestCase {
    func testDuplicatesAreFoundBelowAndAboveTheScanLimit() {
        for n in [1, MappingKeys.linearScanLimit - 1, MappingKeys.linearScanLimit, 1000] {
            var keys = MappingKeys()
            for i in 0..<n { XCTAssertTrue(keys.insert("k\(i)"), "key \(i) of \(n)") }
            XCTAssertFalse(keys.insert("k0"), "first key again, \(n) keys")
            XCTAssertFalse(keys.insert("k\(n - 1)"), "last key again, \(n) keys")
            XCTAssertTrue(keys.insert("new"))
        }
    }

    func testWorkIsLinearInTheNumberOfKeys() {
        let n = 60_000
        var keys = MappingKeys()
        for i in 0..<n { _ = keys.insert("key\(i)") }
        // At most the linear scans of the first keys, the set's build and one hashing per key.
        let bound = MappingKeys.linearScanLimit * MappingKeys.linearScanLimit + 2 * n
        XCTAssertLessThanOrEqual(keys.work, bound)
    }

    /// The YAML and JSON parsers find a duplicate among many keys, and accept many unique keys.
    func testParsersOnManyKeys() throws {
        let n = 20_000
        let lines = (0..<n).map { "k\($0): 1" }
        let yaml = try JSONValue.parseYAMLStream(Array(lines.joined(separator: "\n").utf8))
        XCTAssertEqual(yaml.first?.objectValue?.count, n)
        XCTAssertThrowsError(try JSONValue.parseYAMLStream(Array((lines + ["k7: 2"]).joined(separator: "\n").utf8)))
        let members = (0..<n).map { "\"k\($0)\": 1" }
        let json = "{" + members.joined(separator: ",") + "}"
        XCTAssertEqual(try JSONValue.parseJSON(Array(json.utf8)).objectValue?.count, n)
        let duplicated = "{" + (members + ["\"k7\": 2"]).joined(separator: ",") + "}"
        XCTAssertThrowsError(try JSONValue.parseJSON(Array(duplicated.utf8)))
    }
}
