import XCTest

@testable import PolicyStore

/// SQLite revision reads take object bodies from the store's cache, which only reader
/// connections fill and which stays within its byte budget.
final class ObjectCacheTests: StoreTestCase {
    /// The held body of each of `ids` (`nil` for those not held), in order.
    private func held(_ ids: [Int64], in cache: ObjectCache) -> [[UInt8]?] {
        var bodies: [[UInt8]?] = []
        cache.bodies(ids, into: &bodies)
        return bodies
    }

    func testHoldsBodiesWithinItsBudget() {
        let cache = ObjectCache(budget: 1_000)
        cache.insert([(1, [1, 2, 3]), (2, [4])])
        XCTAssertEqual(held([2, 3, 1], in: cache), [[4], nil, [1, 2, 3]])
        XCTAssertEqual(cache.bytes, 4 + 2 * ObjectCache.entryOverhead)
        for id in 10..<100 { cache.insert([(Int64(id), Array(repeating: 0, count: 50))]) }
        XCTAssertLessThanOrEqual(cache.bytes, 1_000)
        XCTAssertEqual(held([99], in: cache), [Array(repeating: 0, count: 50)], "the newest entry is kept")
        XCTAssertEqual(held([1], in: cache), [nil], "the oldest entries are evicted")
    }

    /// The writer reads the previous revision's policies inside its transaction (the change
    /// summary's basis) without filling the cache; a read on a reader connection fills it
    /// with the revision's distinct objects, and the same read again gives the same bytes.
    func testOnlyReaderConnectionsFillTheCache() async throws {
        let objects = ObjectCache()
        let store = try openStore(objects: objects)
        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:1"))
        _ = try await store.upsert(summarised: Fixture.write(inputs: #"{"size":"1x.medium"}"#, digest: "sha256:2"))
        XCTAssertEqual(objects.count, 0, "the writer read revision 1's policies without caching them")

        let first = try await store.revision(namespace: "logging", name: "lokistack", number: 1)
        let distinct = try await store.read { database throws(SQLiteError) in
            try database.first("SELECT parts FROM revisions WHERE number = 1") { row in
                Set(row.withBlob(0) { PartsList.ids($0) }?.flatMap { $0 } ?? [])
            }
        }
        XCTAssertEqual(objects.count, distinct?.count)
        XCTAssertGreaterThan(objects.count, 0)
        let again = try await store.revision(namespace: "logging", name: "lokistack", number: 1)
        XCTAssertEqual(again, first)
        XCTAssertEqual(first.map { String(decoding: $0.inputsJSON, as: UTF8.self) }, #"{"size":"1x.small"}"#)
    }

    /// A body the cache holds is not read again: the read returns the cached bytes.
    func testReadsTakeCachedBodies() async throws {
        let objects = ObjectCache()
        let store = try openStore(objects: objects)
        _ = try await store.upsert(summarised: Fixture.write())
        let item = try await store.read { database throws(SQLiteError) in
            try database.first("SELECT id FROM objects WHERE body = ?", [Array(#""size":"1x.small""#.utf8)]) { $0.int64(0) }
        }
        let id = try XCTUnwrap(item)
        objects.insert([(id, Array(#""size":"cached""#.utf8))])
        let revision = try await store.revision(namespace: "logging", name: "lokistack", number: 1)
        XCTAssertEqual(revision.map { String(decoding: $0.inputsJSON, as: UTF8.self) }, #"{"size":"cached"}"#)
        let current = try await store.currentRevision(namespace: "logging", name: "lokistack")
        XCTAssertEqual(current.map { String(decoding: $0.inputsJSON, as: UTF8.self) }, #"{"size":"cached"}"#)
    }

    /// A parts list naming an object that is not there, or not a list of three documents, is
    /// a corrupt store, not a crash or an empty document.
    func testMissingObjectsAndMalformedPartsListsAreCorrupt() async throws {
        let store = try openStore()
        _ = try await store.upsert(summarised: Fixture.write())
        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:2"))
        _ = try await store.write { database throws(SQLiteError) in
            try database.execute(
                """
                DROP TRIGGER revisions_immutable;
                UPDATE revisions SET parts = '[[1,2],[3,4]]' WHERE number = 1;
                UPDATE revisions SET parts = '[[1,2],[3,4],[5,999999]]' WHERE number = 2;
                """)
        }
        for number in [1, 2] {
            do {
                _ = try await store.revision(namespace: "logging", name: "lokistack", number: number)
                XCTFail("revision \(number) read")
            } catch {
                guard case .corrupt = error else { return XCTFail("\(error)") }
            }
        }
    }
}
