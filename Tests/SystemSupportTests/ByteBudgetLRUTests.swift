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

    /// Random inserts, hits and removals against a plain model (an array, most recently used
    /// last): the same entries are held, evicted in the same least-recently-used order.
    func testMatchesAPlainLeastRecentlyUsedModel() {
        var lru = ByteBudgetLRU<Int, Int>(budget: 100)
        var model: [(key: Int, value: Int, bytes: Int)] = []
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for step in 0..<20_000 {
            let key = next(24)
            switch next(4) {
            case 0, 1:
                let bytes = 1 + next(30)
                lru.insert(key, step, bytes: bytes)
                model.removeAll { $0.key == key }
                model.append((key, step, bytes))
                while model.reduce(0, { $0 + $1.bytes }) > 100 { model.removeFirst() }
            case 2:
                let expected = model.firstIndex { $0.key == key }.map { model.remove(at: $0) }
                if let expected { model.append(expected) }
                XCTAssertEqual(lru.value(key), expected?.value, "step \(step)")
            default:
                lru.remove(key)
                model.removeAll { $0.key == key }
            }
            XCTAssertEqual(lru.count, model.count, "step \(step)")
            XCTAssertEqual(lru.bytes, model.reduce(0) { $0 + $1.bytes }, "step \(step)")
        }
        // The held entries, by a final hit each, oldest first as the model orders them.
        for entry in model { XCTAssertEqual(lru.value(entry.key), entry.value) }
    }
}
