import PolicyCore
import XCTest

@testable import NetpolService

/// The service's caches are bounded by bytes and evict the least recently used entries.
final class CacheBudgetTests: XCTestCase {
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
