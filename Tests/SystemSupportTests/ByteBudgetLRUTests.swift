import SystemSupport
import XCTest

/// The byte-bounded LRU map behind the service's caches and the SQLite store's object bodies.
final class ByteBudgetLRUTests: XCTestCase {
    func testLRUEvictsLeastRecentlyUsedEntriesPastItsByteBudget() {
        var lru = ByteBudgetLRU<String, Int>(budget: 1000)
        lru.insert("a", 1, bytes: 400)
        lru.insert("b", 2, bytes: 400)
        XCTAssertEqual(lru.bytes, 800)
        XCTAssertEqual(lru.value("a"), 1)  // a is now the most recently used
        lru.insert("c", 3, bytes: 300)  // 1100 > 1000: b goes
        XCTAssertNil(lru.value("b"))
        XCTAssertEqual(lru.value("a"), 1)
        XCTAssertEqual(lru.value("c"), 3)
        XCTAssertEqual(lru.bytes, 700)
        lru.insert("d", 4, bytes: 900)  // evicts a (older) and c
        XCTAssertEqual(lru.count, 1)
        XCTAssertEqual(lru.bytes, 900)
        lru.insert("big", 5, bytes: 1001)  // larger than the whole budget: not kept, evicts nothing
        XCTAssertNil(lru.value("big"))
        XCTAssertEqual(lru.value("d"), 4)
        lru.insert("d", 6, bytes: 100)  // replacing re-counts
        XCTAssertEqual(lru.bytes, 100)
        lru.remove("d")
        XCTAssertEqual(lru.bytes, 0)
        XCTAssertEqual(lru.count, 0)
        // Many entries through a small budget: the total never exceeds it.
        for index in 0..<10_000 {
            lru.insert("k\(index)", index, bytes: 1 + index % 97)
            XCTAssertLessThanOrEqual(lru.bytes, 1000)
        }
        XCTAssertEqual(lru.value("k9999"), 9999)
    }
}
