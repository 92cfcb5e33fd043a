import PolicyCore
import XCTest

@testable import NetpolService

/// The service's caches are bounded by bytes and evict the least recently used entries.
final class CacheBudgetTests: XCTestCase {
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

    func testPolicyCacheIsBoundedByEncodedBytes() {
        // Entries of very different sizes: a count bound could not hold memory.
        let small = PolicyCache.Entry(revision: 1, etag: "\"s\"", json: [UInt8](repeating: 1, count: 1_000), yaml: [])
        let large = PolicyCache.Entry(
            revision: 1, etag: "\"l\"", json: [UInt8](repeating: 1, count: 300_000),
            yaml: [UInt8](repeating: 2, count: 300_000))
        XCTAssertEqual(large.bytes, 600_000 + 3 + PolicyCache.entryOverhead)
        let cache = PolicyCache(budget: 1_000_000)
        func stack(_ name: String) -> StackPath { StackPath(namespace: "ns", name: name) }
        for index in 0..<100 { cache.fill(stack("s\(index)"), small, epoch: cache.currentEpoch()) }
        XCTAssertEqual(cache.count, 100)
        cache.fill(stack("l1"), large, epoch: cache.currentEpoch())
        XCTAssertLessThanOrEqual(cache.bytes, 1_000_000)
        XCTAssertNotNil(cache.entry(stack("l1")))
        XCTAssertNotNil(cache.entry(stack("s0")))  // used after l1: survives the next evictions
        cache.fill(stack("l2"), large, epoch: cache.currentEpoch())
        XCTAssertLessThanOrEqual(cache.bytes, 1_000_000)
        XCTAssertNil(cache.entry(stack("l1")), "the least recently used large entry made room")
        XCTAssertNotNil(cache.entry(stack("l2")))
        XCTAssertNotNil(cache.entry(stack("s0")), "recently used")
        XCTAssertNil(cache.entry(stack("s1")), "least recently used")
        XCTAssertEqual(PolicyCache().budget, 64 << 20, "default: 64 MiB")
    }

    func testKnownPolicySetsAndRevisionHeadsAreBoundedByBytes() {
        let sets = KnownPolicySets(budget: 10_000)
        for index in 0..<10 { sets.remember("d\(index)", [], jsonBytes: 2_000) }
        XCTAssertLessThanOrEqual(sets.bytes, 10_000)
        XCTAssertEqual(sets.bytes, 4 * (2_000 + KnownPolicySets.entryOverhead))
        XCTAssertNotNil(sets.policies("d9"))
        XCTAssertNil(sets.policies("d5"))
        sets.remember("huge", [], jsonBytes: 20_000)
        XCTAssertNil(sets.policies("huge"), "a set larger than the budget is not kept")

        let digest = "sha256:" + String(repeating: "a", count: 64)
        let perStack = 2 + 4 + digest.utf8.count + RevisionHeads.entryOverhead  // "ns", "sNNN"
        let heads = RevisionHeads(budget: 10 * perStack)
        for index in 100..<200 { heads.record(StackPath(namespace: "ns", name: "s\(index)"), digest) }
        XCTAssertEqual(heads.bytes, 10 * perStack)
        XCTAssertEqual(heads.digest(StackPath(namespace: "ns", name: "s199")), digest)
        XCTAssertNil(heads.digest(StackPath(namespace: "ns", name: "s189")))
        heads.forget(StackPath(namespace: "ns", name: "s199"))
        XCTAssertEqual(heads.bytes, 9 * perStack)
    }
}
