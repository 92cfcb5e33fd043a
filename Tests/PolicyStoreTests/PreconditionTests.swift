import XCTest

@testable import PolicyStore

/// `If-Match` / `If-None-Match` on PUT and DELETE, checked against the stack's ETag.
class PreconditionTests: StoreTestCase {
    private enum State: String { case absent, live, deleted }

    /// Builds the precondition from the stack's tag (the live one, or the last
    /// one before deletion; `nil` when it never existed).
    private typealias Condition = @Sendable (String?) -> WritePrecondition

    private static let anyTag: Condition = { _ in .ifMatch(["*"]) }
    private static let currentTag: Condition = { .ifMatch([$0 ?? "\"never\""]) }
    private static let staleTag: Condition = { _ in .ifMatch(["\"0123456789abcdef0123456789abcdef\""]) }
    private static let weakCurrentTag: Condition = { .ifMatch(["W/" + ($0 ?? "\"never\"")]) }
    private static let listWithCurrentTag: Condition = { .ifMatch(["\"stale\"", $0 ?? "\"never\""]) }
    private static let createOnly: Condition = { _ in .ifNoneMatchAny }
    private static let noneMatchCurrent: Condition = { WritePrecondition(ifNoneMatch: [$0 ?? "\"never\""]) }
    private static let noneMatchWeakCurrent: Condition = { WritePrecondition(ifNoneMatch: ["W/" + ($0 ?? "\"never\"")]) }
    private static let noneMatchStale: Condition = { _ in WritePrecondition(ifNoneMatch: ["\"stale\""]) }
    private static let matchAndNoneMatchCurrent: Condition = {
        WritePrecondition(ifMatch: [$0 ?? "\"never\""], ifNoneMatch: [$0 ?? "\"never\""])
    }
    private static let unconditional: Condition = { _ in .none }

    /// Arranges `state` and returns the stack's tag as a client last saw it.
    private func arrange(_ state: State, in store: any StackStore) async throws -> String? {
        guard state != .absent else { return nil }
        let tag = try await store.upsert(summarised: Fixture.write(digest: "sha256:old")).stack().etag
        if state == .deleted {
            let deleted = try await store.delete(namespace: "logging", name: "lokistack", precondition: .none)
            XCTAssertEqual(deleted, .deleted)
        }
        return tag
    }

    private func revisionCount(_ store: any StackStore) async throws -> Int {
        try await store.revisions(namespace: "logging", name: "lokistack", limit: 500, cursor: nil)?.items.count ?? 0
    }

    func testPutPreconditions() async throws {
        enum Expected { case created, updated, failed }
        let cases: [(State, String, Condition, Expected)] = [
            (.absent, "none", Self.unconditional, .created),
            (.absent, "If-Match *", Self.anyTag, .failed),
            (.absent, "If-Match tag", Self.staleTag, .failed),
            (.absent, "If-None-Match *", Self.createOnly, .created),
            (.live, "none", Self.unconditional, .updated),
            (.live, "If-Match current", Self.currentTag, .updated),
            (.live, "If-Match list with current", Self.listWithCurrentTag, .updated),
            (.live, "If-Match *", Self.anyTag, .updated),
            (.live, "If-Match stale", Self.staleTag, .failed),
            (.live, "If-Match weak current", Self.weakCurrentTag, .failed),
            (.live, "If-None-Match *", Self.createOnly, .failed),
            (.live, "If-None-Match current", Self.noneMatchCurrent, .failed),
            (.live, "If-None-Match weak current", Self.noneMatchWeakCurrent, .failed),
            (.live, "If-None-Match stale", Self.noneMatchStale, .updated),
            (.live, "If-Match and If-None-Match current", Self.matchAndNoneMatchCurrent, .failed),
            (.deleted, "none", Self.unconditional, .created),
            (.deleted, "If-Match *", Self.anyTag, .failed),
            (.deleted, "If-Match last tag", Self.currentTag, .failed),
            (.deleted, "If-None-Match *", Self.createOnly, .created),
            (.deleted, "If-None-Match last tag", Self.noneMatchCurrent, .created),
        ]
        for (state, label, condition, expected) in cases {
            try tearDownWithError()
            try setUpWithError()
            let store = try openContractStore()
            let tag = try await arrange(state, in: store)
            let before = try await revisionCount(store)
            let outcome = try await store.upsert(summarised:
                Fixture.write(digest: "sha256:new", precondition: condition(tag)))
            let context = "PUT on \(state.rawValue) stack with \(label)"
            let after = try await revisionCount(store)
            switch expected {
            case .failed:
                XCTAssertEqual(outcome, .preconditionFailed, context)
                XCTAssertEqual(after, before, context)
                let stack = try await store.stack(namespace: "logging", name: "lokistack")
                XCTAssertEqual(stack?.etag, state == .live ? tag : nil, context)
            case .created, .updated:
                XCTAssertEqual(outcome.created, expected == .created, context)
                XCTAssertEqual(outcome.revisionCreated, true, context)
                XCTAssertEqual(after, before + 1, context)
            }
        }
    }

    func testDeletePreconditions() async throws {
        let cases: [(State, String, Condition, DeleteOutcome)] = [
            (.absent, "none", Self.unconditional, .notFound),
            (.absent, "If-Match *", Self.anyTag, .notFound),
            (.absent, "If-Match tag", Self.staleTag, .notFound),
            (.live, "none", Self.unconditional, .deleted),
            (.live, "If-Match current", Self.currentTag, .deleted),
            (.live, "If-Match *", Self.anyTag, .deleted),
            (.live, "If-Match stale", Self.staleTag, .preconditionFailed),
            (.live, "If-Match weak current", Self.weakCurrentTag, .preconditionFailed),
            (.live, "If-None-Match *", Self.createOnly, .preconditionFailed),
            (.live, "If-None-Match current", Self.noneMatchCurrent, .preconditionFailed),
            (.live, "If-None-Match stale", Self.noneMatchStale, .deleted),
            (.deleted, "none", Self.unconditional, .notFound),
            (.deleted, "If-Match last tag", Self.currentTag, .notFound),
        ]
        for (state, label, condition, expected) in cases {
            try tearDownWithError()
            try setUpWithError()
            let store = try openContractStore()
            let tag = try await arrange(state, in: store)
            let outcome = try await store.delete(namespace: "logging", name: "lokistack", precondition: condition(tag))
            let context = "DELETE on \(state.rawValue) stack with \(label)"
            XCTAssertEqual(outcome, expected, context)
            let stack = try await store.stack(namespace: "logging", name: "lokistack")
            XCTAssertEqual(stack != nil, state == .live && expected != .deleted, context)
        }
    }

    /// Two writers holding the same tag: exactly one wins (the check runs inside
    /// the write transaction).
    func testConcurrentConditionalWritesWithTheSameTagLetOneWin() async throws {
        let store = try openContractStore()
        let tag = try await store.upsert(summarised: Fixture.write(digest: "sha256:0")).stack().etag
        let outcomes = try await withThrowingTaskGroup(of: UpsertOutcome.self) { group in
            for index in 1...8 {
                group.addTask {
                    try await store.upsert(summarised: Fixture.write(digest: "sha256:\(index)", precondition: .ifMatch([tag])))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(outcomes.filter { $0 == .preconditionFailed }.count, 7)
        XCTAssertEqual(outcomes.compactMap(\.revisionCreated), [true])
    }
}
