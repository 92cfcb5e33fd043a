import XCTest

@testable import PolicyCore

/// JSONObject keeps a position index once it is large; lookups, updates, removals and equality
/// must give the same answers on both sides of that threshold.
final class JSONObjectTests: XCTestCase {
    private func object(_ count: Int, reversed: Bool = false) -> JSONObject {
        let keys = (0..<count).map { "k\($0)" }
        return JSONObject((reversed ? keys.reversed() : keys).map { ($0, JSONValue.number(String($0.dropFirst()))) })
    }

    func testLookupsAcrossTheIndexThreshold() {
        for count in [0, 1, JSONObject.indexedCount, JSONObject.indexedCount + 1, 1_000] {
            let o = object(count)
            XCTAssertEqual(o.count, count)
            for i in stride(from: 0, to: count, by: max(1, count / 50)) {
                XCTAssertEqual(o["k\(i)"], .number(String(i)), "count \(count), key k\(i)")
                XCTAssertEqual(o.index(forKey: "k\(i)"), i)
            }
            XCTAssertNil(o["absent"])
        }
    }

    func testRemovalAndAppendKeepPositionsRight() {
        var o = object(40)
        o["k3"] = nil
        o["k39"] = nil
        XCTAssertEqual(o.count, 38)
        XCTAssertNil(o["k3"])
        XCTAssertEqual(o.index(forKey: "k4"), 3)
        XCTAssertEqual(o["k38"], .number("38"))
        o["new"] = .bool(true)
        XCTAssertEqual(o.index(forKey: "new"), 38)
        o["k4"] = .string("replaced")
        XCTAssertEqual(o.index(forKey: "k4"), 3)
        XCTAssertEqual(o["k4"], .string("replaced"))
        // Shrinking below the threshold and growing again.
        for i in 5..<39 { o["k\(i)"] = nil }
        XCTAssertEqual(o.keys, ["k0", "k1", "k2", "k4", "new"])
        for i in 100..<130 { o["k\(i)"] = .null }
        XCTAssertEqual(o.index(forKey: "k129"), 34)
        XCTAssertEqual(o["new"], .bool(true))
    }

    func testEqualityIgnoresOrderAtAnySize() {
        for count in [3, 2_000] {
            XCTAssertEqual(object(count), object(count, reversed: true))
            var other = object(count, reversed: true)
            other["k1"] = .string("different")
            XCTAssertNotEqual(object(count), other)
            XCTAssertEqual(object(count).hashValue, object(count, reversed: true).hashValue)
        }
    }

    func testUpdateValuesVisitsEveryMemberInOrder() {
        var o = object(30)
        var seen: [String] = []
        let changed = o.updateValues { key, value in
            seen.append(key)
            guard key.hasSuffix("7") else { return false }
            value = .string("seven")
            return true
        }
        XCTAssertTrue(changed)
        XCTAssertEqual(seen, (0..<30).map { "k\($0)" })
        XCTAssertEqual(o["k17"], .string("seven"))
        XCTAssertEqual(o["k18"], .number("18"))
        XCTAssertFalse(o.updateValues { _, _ in false })
    }
}
