import XCTest

@testable import PolicyStore

/// Revision creation rules of `PUT` and the history after `DELETE`.
class UpsertTests: StoreTestCase {
    /// A clock the test moves by hand.
    private final class ManualClock: @unchecked Sendable {
        private let value = Locked<Int64>(1_767_225_600_000)  // 2026-01-01T00:00:00.000Z
        func advance(_ milliseconds: Int64) { value.withLock { $0 += milliseconds } }
        func now() -> Int64 { value.withLock { $0 } }
    }

    private let clock = ManualClock()

    private func store() throws -> any StackStore { try openContractStore(clock: { [clock] in clock.now() }) }

    /// A read of some documents gives those byte for byte and the others empty; the rest of
    /// the revision is the same as a read of all three.
    func testRevisionReadsOnlyTheSelectedDocuments() async throws {
        let store = try store()
        var write = Fixture.write(digest: "sha256:a1")
        write.warningsJSON = Array(#"[{"field":"spec","message":"m"}]"#.utf8)
        _ = try await store.upsert(summarised: write)
        let read = try await store.revision(namespace: "logging", name: "lokistack", number: 1)
        let all = try XCTUnwrap(read)
        XCTAssertEqual(all.warningsJSON, write.warningsJSON)
        for documents: RevisionDocuments in [[], .warnings, .inputs, .policies, [.inputs, .warnings], [.policies, .warnings], .all] {
            let read = try await store.revision(namespace: "logging", name: "lokistack", number: 1, documents: documents)
            var expected = all
            if !documents.contains(.warnings) { expected.warningsJSON = [] }
            if !documents.contains(.inputs) { expected.inputsJSON = [] }
            if !documents.contains(.policies) { expected.policiesJSON = [] }
            XCTAssertEqual(read, expected, "\(documents)")
        }
        let missing = try await store.revision(namespace: "logging", name: "lokistack", number: 2, documents: .inputs)
        XCTAssertNil(missing)
    }

    func testFirstWriteCreatesStackAndRevisionOne() async throws {
        let store = try store()
        let outcome = try await store.upsert(summarised: Fixture.write(digest: "sha256:a1", author: "portal"))
        XCTAssertEqual(outcome.created, true)
        XCTAssertEqual(outcome.revisionCreated, true)
        let written = try outcome.stack()
        XCTAssertEqual(written.current.number, 1)
        XCTAssertEqual(written.current.changeSummary, "created")
        XCTAssertEqual(written.current.author, "portal")
        XCTAssertEqual(written.createdAt, "2026-01-01T00:00:00.000Z")
        XCTAssertEqual(written.updatedAt, written.createdAt)
        XCTAssertTrue(written.etag.hasPrefix("\"") && written.etag.hasSuffix("\"") && written.etag.count > 2)

        let read = try await store.stack(namespace: "logging", name: "lokistack")
        XCTAssertEqual(read, written)
        let revision = try await store.revision(namespace: "logging", name: "lokistack", number: 1)
        XCTAssertEqual(revision?.summary, written.current)
        XCTAssertEqual(revision?.inputsJSON, Array(#"{"size":"1x.small"}"#.utf8))
        XCTAssertEqual(revision?.policiesJSON, Array(#"{"kind":"List","digest":"sha256:a1"}"#.utf8))
        XCTAssertEqual(revision?.warningsJSON, Array("[]".utf8))
        XCTAssertEqual(revision?.generatorVersion, "0.1.0")
        let current = try await store.currentRevision(namespace: "logging", name: "lokistack")
        XCTAssertEqual(current, revision)
    }

    func testFirstWriteWithPoliciesDisabledStillCreatesARevision() async throws {
        let store = try store()
        let outcome = try await store.upsert(summarised: Fixture.write(digest: "sha256:empty", enabled: false))
        XCTAssertEqual(outcome.revisionCreated, true)
        XCTAssertEqual(try outcome.stack().current.enabled, false)
        XCTAssertEqual(try outcome.stack().current.reason, "disabled")
    }

    func testIdenticalWriteChangesNothing() async throws {
        let store = try store()
        let first = try await store.upsert(summarised: Fixture.write()).stack()
        clock.advance(5_000)
        let again = try await store.upsert(summarised: Fixture.write(author: "bob"))
        XCTAssertEqual(again, .written(stack: first, created: false, revisionCreated: false))
        let read = try await store.stack(namespace: "logging", name: "lokistack")
        XCTAssertEqual(read, first)
        XCTAssertEqual(read?.current.author, "alice")
    }

    func testInputsOnlyChangeUpdatesStackWithoutRevision() async throws {
        let store = try store()
        let first = try await store.upsert(summarised: Fixture.write(inputs: #"{"size":"1x.small"}"#)).stack()
        clock.advance(1_500)
        let outcome = try await store.upsert(summarised: Fixture.write(inputs: #"{"size":"1x.medium"}"#))
        XCTAssertEqual(outcome.created, false)
        XCTAssertEqual(outcome.revisionCreated, false)
        let updated = try outcome.stack()
        XCTAssertEqual(updated.inputsJSON, Array(#"{"size":"1x.medium"}"#.utf8))
        XCTAssertEqual(updated.current, first.current)
        XCTAssertEqual(updated.createdAt, first.createdAt)
        XCTAssertEqual(updated.updatedAt, "2026-01-01T00:00:01.500Z")
        XCTAssertNotEqual(updated.etag, first.etag)
        let read = try await store.stack(namespace: "logging", name: "lokistack")
        XCTAssertEqual(read, updated)
        // The revision keeps the inputs it was made from.
        let revision = try await store.revision(namespace: "logging", name: "lokistack", number: 1)
        XCTAssertEqual(revision?.inputsJSON, Array(#"{"size":"1x.small"}"#.utf8))
        let history = try await store.revisions(namespace: "logging", name: "lokistack", limit: 50, cursor: nil)
        XCTAssertEqual(history?.items.count, 1)
    }

    func testDigestChangeAppendsRevisionSummarisedAgainstThePreviousOne() async throws {
        let store = try store()
        let first = try await store.upsert(summarised: Fixture.write(digest: "sha256:a")).stack()
        clock.advance(10)
        let outcome = try await store.upsert(summarised: Fixture.write(inputs: #"{"size":"x"}"#, digest: "sha256:b", author: "bob"))
        XCTAssertEqual(outcome.created, false)
        XCTAssertEqual(outcome.revisionCreated, true)
        let second = try outcome.stack()
        XCTAssertEqual(second.current.number, 2)
        XCTAssertEqual(second.current.author, "bob")
        XCTAssertEqual(second.current.changeSummary, #"after 1 sha256:a {"kind":"List","digest":"sha256:a"}"#)
        XCTAssertEqual(second.createdAt, first.createdAt)
        XCTAssertEqual(second.updatedAt, "2026-01-01T00:00:00.010Z")
        XCTAssertEqual(second.current.createdAt, second.updatedAt)
        XCTAssertNotEqual(second.etag, first.etag)
        // A → B → A: a third revision with the first one's digest.
        let third = try await store.upsert(summarised: Fixture.write(digest: "sha256:a")).stack()
        XCTAssertEqual(third.current.number, 3)
        XCTAssertEqual(third.current.digest, "sha256:a")
        let latest = try await store.latestRevision(namespace: "logging", name: "lokistack")
        XCTAssertEqual(latest?.summary, third.current)
    }

    /// One-way writes: a summary computed against another state than the store finds is
    /// never stored; the store answers with the revision that is current instead.
    func testStaleSummaryBasisWritesNothingAndReportsTheCurrentRevision() async throws {
        let store = try store()
        let first = try await store.upsert(Fixture.write(digest: "sha256:a")).stack()
        var write = Fixture.write(digest: "sha256:b")
        write.changeSummary = "against nothing"
        let stale = try await store.upsert(write)
        XCTAssertEqual(
            stale,
            .summaryStale(
                PreviousRevision(
                    number: 1, digest: "sha256:a", policiesJSON: Array(#"{"kind":"List","digest":"sha256:a"}"#.utf8),
                    stackWasDeleted: false)))
        let unchanged = try await store.stack(namespace: "logging", name: "lokistack")
        XCTAssertEqual(unchanged, first)

        write.summaryBasis = .revision(digest: "sha256:x")
        let wrongDigest = try await store.upsert(write)
        guard case .summaryStale(let previous?) = wrongDigest else { return XCTFail("\(wrongDigest)") }
        XCTAssertEqual(previous.digest, "sha256:a")

        write.summaryBasis = .revision(digest: "sha256:a")
        write.changeSummary = "against a"
        let second = try await store.upsert(write).stack()
        XCTAssertEqual(second.current.number, 2)
        XCTAssertEqual(second.current.changeSummary, "against a")

        // No revision (same digest): the basis is not looked at.
        var same = Fixture.write(inputs: #"{"size":"other"}"#, digest: "sha256:b")
        same.summaryBasis = .deleted
        let inputsOnly = try await store.upsert(same)
        XCTAssertEqual(inputsOnly.revisionCreated, false)

        // A deleted stack is re-created only with a summary made for re-creation.
        _ = try await store.delete(namespace: "logging", name: "lokistack", precondition: .none)
        write.summaryBasis = .revision(digest: "sha256:b")
        let afterDelete = try await store.upsert(write)
        guard case .summaryStale(let deleted?) = afterDelete else { return XCTFail("\(afterDelete)") }
        XCTAssertEqual(deleted.number, 2)
        XCTAssertTrue(deleted.stackWasDeleted)
        write.summaryBasis = .deleted
        write.changeSummary = "recreated"
        let recreated = try await store.upsert(write)
        XCTAssertEqual(recreated.created, true)
        XCTAssertEqual(try recreated.stack().current.changeSummary, "recreated")

        // A stack that never existed needs a first-revision summary.
        var other = Fixture.write("other", "stack")
        other.summaryBasis = .deleted
        let absent = try await store.upsert(other)
        XCTAssertEqual(absent, .summaryStale(nil))
        let none = try await store.stack(namespace: "other", name: "stack")
        XCTAssertNil(none)
    }

    func testDeleteKeepsHistoryAndRecreationContinuesNumbering() async throws {
        let store = try store()
        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:a"))
        let beforeDelete = try await store.upsert(summarised: Fixture.write(digest: "sha256:b")).stack()
        clock.advance(60_000)
        let deleted = try await store.delete(namespace: "logging", name: "lokistack", precondition: .none)
        XCTAssertEqual(deleted, .deleted)
        let deletedAgain = try await store.delete(namespace: "logging", name: "lokistack", precondition: .none)
        XCTAssertEqual(deletedAgain, .notFound)

        let gone = try await store.stack(namespace: "logging", name: "lokistack")
        XCTAssertNil(gone)
        let noCurrent = try await store.currentRevision(namespace: "logging", name: "lokistack")
        XCTAssertNil(noCurrent)
        let listed = try await store.listStacks(namespace: nil, limit: 50, cursor: nil)
        XCTAssertEqual(listed.items, [])
        let history = try await store.revisions(namespace: "logging", name: "lokistack", limit: 50, cursor: nil)
        XCTAssertEqual(history?.items.map(\.number), [2, 1])
        let latest = try await store.latestRevision(namespace: "logging", name: "lokistack")
        XCTAssertEqual(latest?.summary, beforeDelete.current)
        let second = try await store.revision(namespace: "logging", name: "lokistack", number: 2)
        XCTAssertEqual(second?.summary, beforeDelete.current)

        // Re-created with the same policies: 201 and still a new revision.
        let outcome = try await store.upsert(summarised: Fixture.write(digest: "sha256:b"))
        XCTAssertEqual(outcome.created, true)
        XCTAssertEqual(outcome.revisionCreated, true)
        let recreated = try outcome.stack()
        XCTAssertEqual(recreated.current.number, 3)
        XCTAssertEqual(recreated.current.changeSummary, #"recreated after 2 sha256:b {"kind":"List","digest":"sha256:b"}"#)
        XCTAssertEqual(recreated.createdAt, "2026-01-01T00:01:00.000Z")
        XCTAssertNotEqual(recreated.etag, beforeDelete.etag)
        let read = try await store.stack(namespace: "logging", name: "lokistack")
        XCTAssertEqual(read, recreated)
        try assertDatabaseIntact()
    }

    func testDeletionsRecordAuthorAndTimeAndOutliveRecreation() async throws {
        let store = try store()
        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:a"))
        clock.advance(60_000)
        let first = try await store.delete(namespace: "logging", name: "lokistack", precondition: .none, author: "bob")
        XCTAssertEqual(first, .deleted)
        let bob = StackDeletion(author: "bob", deletedAt: "2026-01-01T00:01:00.000Z", revision: 1)
        let recreated = try await store.upsert(summarised: Fixture.write(digest: "sha256:b")).stack()
        XCTAssertEqual(recreated.lastDeletion, bob)
        let read = try await store.stack(namespace: "logging", name: "lokistack")
        XCTAssertEqual(read?.lastDeletion, bob)
        clock.advance(60_000)
        let second = try await store.delete(namespace: "logging", name: "lokistack", precondition: .none, author: "carol")
        XCTAssertEqual(second, .deleted)
        let deletions = try await store.deletions(namespace: "logging", name: "lokistack")
        XCTAssertEqual(
            deletions, [StackDeletion(author: "carol", deletedAt: "2026-01-01T00:02:00.000Z", revision: 2), bob])
        let never = try await store.deletions(namespace: "logging", name: "never")
        XCTAssertEqual(never, [])
        try assertDatabaseIntact()
    }

    func testRevisionFilterSelectsByAuthorAndTime() async throws {
        let store = try store()
        let start: Int64 = 1_767_225_600_000
        for (digest, author) in [("sha256:a", "alice"), ("sha256:b", "bob"), ("sha256:c", "alice")] {
            _ = try await store.upsert(summarised: Fixture.write(digest: digest, author: author))
            clock.advance(1_000)
        }
        func numbers(_ filter: RevisionFilter, limit: Int = 50, cursor: String? = nil) async throws -> Page<RevisionSummary>? {
            try await store.revisions(namespace: "logging", name: "lokistack", filter: filter, limit: limit, cursor: cursor)
        }
        let byAlice = try await numbers(RevisionFilter(author: "alice"))
        XCTAssertEqual(byAlice?.items.map(\.number), [3, 1])
        let since = try await numbers(RevisionFilter(since: start + 1_000))
        XCTAssertEqual(since?.items.map(\.number), [3, 2])
        let until = try await numbers(RevisionFilter(until: start + 1_000))
        XCTAssertEqual(until?.items.map(\.number), [2, 1])
        let all = try await numbers(RevisionFilter(author: "alice", since: start + 1, until: start + 2_000))
        XCTAssertEqual(all?.items.map(\.number), [3])
        let nobody = try await numbers(RevisionFilter(author: "nobody"))
        XCTAssertEqual(nobody?.items.map(\.number), [])
        let firstPage = try await numbers(RevisionFilter(author: "alice"), limit: 1)
        XCTAssertEqual(firstPage?.items.map(\.number), [3])
        let secondPage = try await numbers(RevisionFilter(author: "alice"), limit: 1, cursor: firstPage?.nextCursor)
        XCTAssertEqual(secondPage?.items.map(\.number), [1])
        XCTAssertNil(secondPage?.nextCursor)
        let missing = try await store.revisions(
            namespace: "logging", name: "never", filter: RevisionFilter(author: "alice"), limit: 50, cursor: nil)
        XCTAssertNil(missing)
    }

    func testNeverExistingStackIsAbsentEverywhere() async throws {
        let store = try store()
        _ = try await store.upsert(summarised: Fixture.write("logging", "other"))
        let stack = try await store.stack(namespace: "logging", name: "lokistack")
        XCTAssertNil(stack)
        let history = try await store.revisions(namespace: "logging", name: "lokistack", limit: 10, cursor: nil)
        XCTAssertNil(history)
        let revision = try await store.revision(namespace: "logging", name: "lokistack", number: 1)
        XCTAssertNil(revision)
        let latest = try await store.latestRevision(namespace: "logging", name: "lokistack")
        XCTAssertNil(latest)
        let current = try await store.currentRevision(namespace: "logging", name: "lokistack")
        XCTAssertNil(current)
        let delete = try await store.delete(namespace: "logging", name: "lokistack", precondition: .none)
        XCTAssertEqual(delete, .notFound)
    }

    func testUnknownRevisionNumbersAreAbsent() async throws {
        let store = try store()
        _ = try await store.upsert(summarised: Fixture.write())
        for number in [0, -1, 2, Int.max, Int.min] {
            let revision = try await store.revision(namespace: "logging", name: "lokistack", number: number)
            XCTAssertNil(revision, "revision \(number)")
        }
    }

    func testStacksAreKeyedByNamespaceAndName() async throws {
        let store = try store()
        _ = try await store.upsert(summarised: Fixture.write("a", "x", digest: "sha256:1"))
        _ = try await store.upsert(summarised: Fixture.write("b", "x", digest: "sha256:2"))
        _ = try await store.upsert(summarised: Fixture.write("a", "x", digest: "sha256:3"))
        let ax = try await store.stack(namespace: "a", name: "x")
        let bx = try await store.stack(namespace: "b", name: "x")
        XCTAssertEqual(ax?.current.number, 2)
        XCTAssertEqual(bx?.current.number, 1)
        XCTAssertEqual(bx?.current.digest, "sha256:2")
    }

    func testWallClockGoingBackwardsNeverMovesStackTimesBack() async throws {
        let store = try store()
        _ = try await store.upsert(summarised: Fixture.write(digest: "sha256:a"))
        clock.advance(-3_600_000)
        let second = try await store.upsert(summarised: Fixture.write(digest: "sha256:b")).stack()
        XCTAssertEqual(second.updatedAt, "2026-01-01T00:00:00.000Z")
        XCTAssertEqual(second.current.createdAt, "2026-01-01T00:00:00.000Z")
    }

    func testEmptyAndNonASCIIValuesRoundTrip() async throws {
        let store = try store()
        let write = StackWrite(
            namespace: "ns", name: "n", inputsJSON: [], digest: "", policiesJSON: [], enabled: false,
            reason: "", warningsJSON: [], generatorVersion: "", author: "zoë ✓", changeSummary: "", summaryBasis: .absent)
        let stored = try await store.upsert(write).stack()
        let revision = try await store.revision(namespace: "ns", name: "n", number: 1)
        XCTAssertEqual(revision?.inputsJSON, [])
        XCTAssertEqual(revision?.policiesJSON, [])
        XCTAssertEqual(revision?.summary.author, "zoë ✓")
        let read = try await store.stack(namespace: "ns", name: "n")
        XCTAssertEqual(read, stored)
        XCTAssertEqual(read?.inputsJSON, [])
    }
}
