import XCTest

@testable import PolicyStore

/// Keyset pagination of revisions and stacks.
class PaginationTests: StoreTestCase {
    /// Appends `count` revisions to `logging/lokistack` in batches of concurrent writes.
    private func appendRevisions(_ count: Int, startingAt first: Int = 1, to store: any StackStore) async throws {
        for chunkStart in stride(from: first, to: first + count, by: 100) {
            let chunk = chunkStart..<min(chunkStart + 100, first + count)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in chunk {
                    group.addTask { _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:\(index)")) }
                }
                try await group.waitForAll()
            }
        }
    }

    private func allRevisions(
        _ store: any StackStore, limit: Int, pages: inout [[Int]]
    ) async throws -> [Int] {
        var cursor: String?
        var numbers: [Int] = []
        repeat {
            let page = try await XCTUnwrapAsync(
                try await store.revisions(namespace: "logging", name: "lokistack", limit: limit, cursor: cursor))
            pages.append(page.items.map(\.number))
            numbers += page.items.map(\.number)
            cursor = page.nextCursor
        } while cursor != nil
        return numbers
    }

    func testThousandRevisionsPagedNewestFirstEachExactlyOnce() async throws {
        let store = try openContractStore()
        try await appendRevisions(1_000, to: store)
        for limit in [1, 7, 50, 333, 500, 1_000] {
            var pages: [[Int]] = []
            let numbers = try await allRevisions(store, limit: limit, pages: &pages)
            let pageSize = min(limit, 500)
            XCTAssertEqual(numbers, Array((1...1_000).reversed()), "limit \(limit)")
            XCTAssertEqual(pages.count, (1_000 + pageSize - 1) / pageSize, "limit \(limit)")
            XCTAssertFalse(pages.contains { $0.isEmpty }, "limit \(limit): an empty page")
            XCTAssertTrue(pages.dropLast().allSatisfy { $0.count == pageSize }, "limit \(limit)")
        }
    }

    func testCursorStaysValidWhileNewRevisionsArrive() async throws {
        let store = try openContractStore()
        try await appendRevisions(120, to: store)
        let first = try await store.revisions(namespace: "logging", name: "lokistack", limit: 50, cursor: nil)
        XCTAssertEqual(first?.items.map(\.number), Array((71...120).reversed()))
        try await appendRevisions(30, startingAt: 121, to: store)
        let second = try await store.revisions(namespace: "logging", name: "lokistack", limit: 50, cursor: first?.nextCursor)
        XCTAssertEqual(second?.items.map(\.number), Array((21...70).reversed()))
        let third = try await store.revisions(namespace: "logging", name: "lokistack", limit: 50, cursor: second?.nextCursor)
        XCTAssertEqual(third?.items.map(\.number), Array((1...20).reversed()))
        XCTAssertNil(third?.nextCursor)
    }

    func testExactlyFullLastPageHasNoCursor() async throws {
        let store = try openContractStore()
        try await appendRevisions(10, to: store)
        let page = try await store.revisions(namespace: "logging", name: "lokistack", limit: 10, cursor: nil)
        XCTAssertEqual(page?.items.count, 10)
        XCTAssertNil(page?.nextCursor)
        let first = try await store.revisions(namespace: "logging", name: "lokistack", limit: 5, cursor: nil)
        let last = try await store.revisions(namespace: "logging", name: "lokistack", limit: 5, cursor: first?.nextCursor)
        XCTAssertEqual(last?.items.map(\.number), [5, 4, 3, 2, 1])
        XCTAssertNil(last?.nextCursor)
    }

    func testLimitIsClampedDefensively() async throws {
        let store = try openContractStore()
        try await appendRevisions(3, to: store)
        for (limit, expected) in [(0, 1), (-5, 1), (Int.min, 1), (Int.max, 3)] {
            let page = try await store.revisions(namespace: "logging", name: "lokistack", limit: limit, cursor: nil)
            XCTAssertEqual(page?.items.count, expected, "limit \(limit)")
        }
    }

    func testStacksListedInANamespaceSet() async throws {
        let store = try openContractStore()
        for (namespace, name) in [("a", "x"), ("b", "y"), ("c", "z"), ("b", "a"), ("d", "q"), ("c", "deleted")] {
            _ = try await store.upsert(summarised: Fixture.write(namespace, name))
        }
        _ = try await store.delete(namespace: "c", name: "deleted", precondition: .none)
        var listed: [String] = []
        var cursor: String?
        repeat {
            let page = try await store.listStacks(namespaces: ["c", "b"], limit: 1, cursor: cursor)
            XCTAssertEqual(page.items.count, 1)
            listed += page.items.map { "\($0.namespace)/\($0.name)" }
            cursor = page.nextCursor
        } while cursor != nil
        XCTAssertEqual(listed, ["b/a", "b/y", "c/z"])
        let none = try await store.listStacks(namespaces: [], limit: 10, cursor: nil)
        XCTAssertEqual(none.items, [])
        XCTAssertNil(none.nextCursor)
    }

    func testStacksListedByNamespaceThenName() async throws {
        let store = try openContractStore()
        let keys = [("b", "z"), ("a", "y"), ("b", "a"), ("c", "m"), ("a", "x"), ("b", "m"), ("a", "deleted")]
        for (namespace, name) in keys {
            _ = try await store.upsert(summarised: Fixture.write(namespace, name))
        }
        _ = try await store.delete(namespace: "a", name: "deleted", precondition: .none)
        _ = try await store.upsert(summarised: Fixture.write("b", "m", digest: "sha256:second"))

        var pages: [[String]] = []
        var cursor: String?
        repeat {
            let page = try await store.listStacks(namespace: nil, limit: 2, cursor: cursor)
            pages.append(page.items.map { "\($0.namespace)/\($0.name)" })
            cursor = page.nextCursor
        } while cursor != nil
        XCTAssertEqual(pages, [["a/x", "a/y"], ["b/a", "b/m"], ["b/z", "c/m"]])

        var inB: [String] = []
        cursor = nil
        repeat {
            let page = try await store.listStacks(namespace: "b", limit: 1, cursor: cursor)
            XCTAssertEqual(page.items.count, 1)
            inB += page.items.map(\.name)
            cursor = page.nextCursor
        } while cursor != nil
        XCTAssertEqual(inB, ["a", "m", "z"])

        let bm = try await store.listStacks(namespace: "b", limit: 10, cursor: nil).items.first { $0.name == "m" }
        let stored = try await store.stack(namespace: "b", name: "m")
        XCTAssertEqual(bm, stored?.summary)
        XCTAssertEqual(bm?.current.number, 2)

        let empty = try await store.listStacks(namespace: "none", limit: 10, cursor: nil)
        XCTAssertEqual(empty, Page(items: [], nextCursor: nil))
    }

    func testMalformedOrForeignCursorsAreRejected() async throws {
        let store = try openContractStore()
        try await appendRevisions(3, to: store)
        _ = try await store.upsert(summarised: Fixture.write("other", "stack"))
        let revisionCursor = try await store.revisions(namespace: "logging", name: "lokistack", limit: 1, cursor: nil)?.nextCursor
        let stackCursor = try await store.listStacks(namespace: nil, limit: 1, cursor: nil).nextCursor
        let revisionToken = try XCTUnwrap(revisionCursor)
        let stackToken = try XCTUnwrap(stackCursor)

        for bad in ["", "!!!!", "AAAA", "a", revisionToken + "=", String(repeating: "A", count: 2_000), stackToken] {
            await assertBadCursor("revisions with \(bad.prefix(20))") {
                _ = try await store.revisions(namespace: "logging", name: "lokistack", limit: 10, cursor: bad)
            }
        }
        for bad in ["", "%%", revisionToken] {
            await assertBadCursor("stacks with \(bad)") {
                _ = try await store.listStacks(namespace: nil, limit: 10, cursor: bad)
            }
        }
        // A cursor of the all-namespaces listing pointing into another namespace.
        await assertBadCursor("stacks of another namespace") {
            _ = try await store.listStacks(namespace: "other", limit: 10, cursor: stackToken)
        }
    }

    private func assertBadCursor(
        _ label: String, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            XCTFail("\(label): accepted", file: file, line: line)
        } catch {
            XCTAssertEqual(error as? StoreError, .badCursor, label, file: file, line: line)
        }
    }
}

/// `XCTUnwrap` for an expression that was awaited already.
func XCTUnwrapAsync<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    try XCTUnwrap(value, file: file, line: line)
}
