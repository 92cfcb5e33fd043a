import Foundation
import XCTest

@testable import PolicyStore

/// Concurrency: gapless numbering, batching into one transaction, isolation of failing writes.
final class GroupCommitTests: StoreTestCase {
    func testConcurrentWritersOnOneStackGetGaplessNumbersAndCorrectPredecessors() async throws {
        let store = try openStore()
        let writers = 8
        let writesPerWriter = 50
        let numbers = try await withThrowingTaskGroup(of: [Int].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var numbers: [Int] = []
                    for index in 0..<writesPerWriter {
                        // Alternating inputs with a digest unique to the write: each one creates a revision.
                        let write = Fixture.write(
                            inputs: #"{"size":"\#(index % 2 == 0 ? "small" : "medium")"}"#,
                            digest: "sha256:w\(writer)-\(index)", author: "writer-\(writer)")
                        let outcome = try await store.upsert(summarised: write)
                        XCTAssertEqual(outcome.revisionCreated, true)
                        numbers.append(try outcome.stack().current.number)
                    }
                    return numbers
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let total = writers * writesPerWriter
        XCTAssertEqual(numbers.sorted(), Array(1...total))

        var cursor: String?
        var history: [RevisionSummary] = []
        repeat {
            let page = try await store.revisions(namespace: "logging", name: "lokistack", limit: 500, cursor: cursor)
            history += page?.items ?? []
            cursor = page?.nextCursor
        } while cursor != nil
        XCTAssertEqual(history.map(\.number), Array((1...total).reversed()))
        // Each summary was computed against the revision current inside the same transaction.
        let byNumber = Dictionary(uniqueKeysWithValues: history.map { ($0.number, $0) })
        for number in 2...total {
            let previous = try XCTUnwrap(byNumber[number - 1])
            XCTAssertTrue(
                byNumber[number]?.changeSummary.hasPrefix("after \(number - 1) \(previous.digest) ") == true,
                "revision \(number): \(byNumber[number]?.changeSummary ?? "missing")")
        }
        let stack = try await store.stack(namespace: "logging", name: "lokistack")
        XCTAssertEqual(stack?.current.number, total)
        try assertDatabaseIntact()
    }

    /// Holds the writer inside a batch until released, so the next writes queue up.
    private final class WriterGate: @unchecked Sendable {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
    }

    private func waitForQueuedWrites(_ count: Int, in store: SQLiteStackStore) async throws {
        let deadline = Date().addingTimeInterval(10)
        while store.pendingWrites < count {
            guard Date() < deadline else { return XCTFail("only \(store.pendingWrites) writes queued") }
            try await Task.sleep(nanoseconds: 1_000_000)
        }
    }

    func testQueuedWritesCommitInOneTransaction() async throws {
        let store = try openStore()
        let gate = WriterGate()
        let blocker = Task {
            try await store.write { _ throws(SQLiteError) in
                gate.entered.signal()
                gate.release.wait()
            }
        }
        gate.entered.wait()
        let before = store.statistics
        let writes = 20
        let tasks = (0..<writes).map { index in
            // Distinct stacks: each write's summary basis (a new stack) holds whatever the batch order.
            Task { try await store.upsert(Fixture.write("ns", "stack-\(index)", digest: "sha256:\(index)")) }
        }
        try await waitForQueuedWrites(writes, in: store)
        gate.release.signal()
        try await blocker.value
        for task in tasks { _ = try await task.value.stack() }

        let after = store.statistics
        // The blocker's batch plus exactly one batch for the 20 queued writes.
        XCTAssertEqual(after.committedTransactions - before.committedTransactions, 2)
        XCTAssertEqual(after.committedWrites - before.committedWrites, writes + 1)
        let listed = try await store.listStacks(namespace: "ns", limit: 50, cursor: nil)
        XCTAssertEqual(listed.items.map(\.current.number), Array(repeating: 1, count: writes))
    }

    func testFailingWriteIsRolledBackAloneAndOthersCommit() async throws {
        let store = try openStore()
        let gate = WriterGate()
        let blocker = Task {
            try await store.write { _ throws(SQLiteError) in
                gate.entered.signal()
                gate.release.wait()
            }
        }
        gate.entered.wait()
        let good1 = Task { try await store.upsert(summarised: Fixture.write("ns", "one")) }
        try await waitForQueuedWrites(1, in: store)
        let bad = Task {
            try await store.write { database throws(SQLiteError) in
                // A partial change, then a failure: the partial change must not survive.
                try database.run("UPDATE stacks SET etag = '\"tampered\"' WHERE namespace = 'ns' AND name = 'one'")
                try database.run("INSERT INTO no_such_table VALUES (1)")
            }
        }
        try await waitForQueuedWrites(2, in: store)
        let good2 = Task { try await store.upsert(summarised: Fixture.write("ns", "two")) }
        try await waitForQueuedWrites(3, in: store)
        gate.release.signal()
        try await blocker.value

        let first = try await good1.value
        let second = try await good2.value
        XCTAssertEqual(first.created, true)
        XCTAssertEqual(second.created, true)
        do {
            try await bad.value
            XCTFail("the failing write succeeded")
        } catch let error as StoreError {
            guard case .corrupt(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("no_such_table"), message)
        }
        let stacks = try await store.listStacks(namespace: "ns", limit: 50, cursor: nil).items
        XCTAssertEqual(stacks.map(\.name), ["one", "two"])
        XCTAssertEqual(stacks.first?.etag, try first.stack().etag)
        try assertDatabaseIntact()
    }

    func testClosedStoreRefusesCalls() async throws {
        let store = try openStore()
        _ = try await store.upsert(summarised: Fixture.write())
        store.close()
        store.close()
        do {
            _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:x"))
            XCTFail("write accepted after close")
        } catch {
            XCTAssertEqual(error, .unavailable("the store is closed"))
        }
        do {
            try await store.checkReady()
            XCTFail("ready after close")
        } catch {
            XCTAssertEqual(error, .unavailable("the store is closed"))
        }
    }

    func testReadyOnAnOpenStore() async throws {
        let store = try openStore()
        try await store.checkReady()
    }

    func testUnopenableDatabaseIsUnavailable() {
        XCTAssertThrowsError(try SQLiteStackStore(path: directory + "/missing/dir/netpol.db")) { error in
            guard case StoreError.unavailable = error else { return XCTFail("\(error)") }
        }
    }

    func testNonDatabaseFileIsCorrupt() throws {
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: databasePath))
        XCTAssertThrowsError(try openStore()) { error in
            guard case StoreError.corrupt = error else { return XCTFail("\(error)") }
        }
    }
}
