import Foundation
import XCTest

@testable import PolicyStore

// The store contract suites run unchanged against PostgreSQL: each subclass below reruns every
// test of its SQLite suite with `backend` = .postgres. (XCTest on Linux discovers only the
// methods a class declares, hence one forwarding override per test;
// `testEveryContractTestRunsOnPostgres` fails when one is missing.)

final class PostgresUpsertTests: UpsertTests {
    override class var backend: StoreBackend { .postgres }

    override func testRevisionReadsOnlyTheSelectedDocuments() async throws { try await super.testRevisionReadsOnlyTheSelectedDocuments() }
    override func testFirstWriteCreatesStackAndRevisionOne() async throws { try await super.testFirstWriteCreatesStackAndRevisionOne() }
    override func testFirstWriteWithPoliciesDisabledStillCreatesARevision() async throws { try await super.testFirstWriteWithPoliciesDisabledStillCreatesARevision() }
    override func testIdenticalWriteChangesNothing() async throws { try await super.testIdenticalWriteChangesNothing() }
    override func testInputsOnlyChangeUpdatesStackWithoutRevision() async throws { try await super.testInputsOnlyChangeUpdatesStackWithoutRevision() }
    override func testDigestChangeAppendsRevisionSummarisedAgainstThePreviousOne() async throws { try await super.testDigestChangeAppendsRevisionSummarisedAgainstThePreviousOne() }
    override func testStaleSummaryBasisWritesNothingAndReportsTheCurrentRevision() async throws { try await super.testStaleSummaryBasisWritesNothingAndReportsTheCurrentRevision() }
    override func testDeleteKeepsHistoryAndRecreationContinuesNumbering() async throws { try await super.testDeleteKeepsHistoryAndRecreationContinuesNumbering() }
    override func testDeletionsRecordAuthorAndTimeAndOutliveRecreation() async throws { try await super.testDeletionsRecordAuthorAndTimeAndOutliveRecreation() }
    override func testRevisionFilterSelectsByAuthorAndTime() async throws { try await super.testRevisionFilterSelectsByAuthorAndTime() }
    override func testNeverExistingStackIsAbsentEverywhere() async throws { try await super.testNeverExistingStackIsAbsentEverywhere() }
    override func testUnknownRevisionNumbersAreAbsent() async throws { try await super.testUnknownRevisionNumbersAreAbsent() }
    override func testStacksAreKeyedByNamespaceAndName() async throws { try await super.testStacksAreKeyedByNamespaceAndName() }
    override func testWallClockGoingBackwardsNeverMovesStackTimesBack() async throws { try await super.testWallClockGoingBackwardsNeverMovesStackTimesBack() }
    override func testEmptyAndNonASCIIValuesRoundTrip() async throws { try await super.testEmptyAndNonASCIIValuesRoundTrip() }
}

final class PostgresPreconditionTests: PreconditionTests {
    override class var backend: StoreBackend { .postgres }

    override func testPutPreconditions() async throws { try await super.testPutPreconditions() }
    override func testDeletePreconditions() async throws { try await super.testDeletePreconditions() }
    override func testConcurrentConditionalWritesWithTheSameTagLetOneWin() async throws { try await super.testConcurrentConditionalWritesWithTheSameTagLetOneWin() }
}

final class PostgresPaginationTests: PaginationTests {
    override class var backend: StoreBackend { .postgres }

    override func testThousandRevisionsPagedNewestFirstEachExactlyOnce() async throws { try await super.testThousandRevisionsPagedNewestFirstEachExactlyOnce() }
    override func testCursorStaysValidWhileNewRevisionsArrive() async throws { try await super.testCursorStaysValidWhileNewRevisionsArrive() }
    override func testExactlyFullLastPageHasNoCursor() async throws { try await super.testExactlyFullLastPageHasNoCursor() }
    override func testLimitIsClampedDefensively() async throws { try await super.testLimitIsClampedDefensively() }
    override func testStacksListedInANamespaceSet() async throws { try await super.testStacksListedInANamespaceSet() }
    override func testStacksListedByNamespaceThenName() async throws { try await super.testStacksListedByNamespaceThenName() }
    override func testMalformedOrForeignCursorsAreRejected() async throws { try await super.testMalformedOrForeignCursorsAreRejected() }
}

/// The forwarding overrides above are complete.
final class PostgresContractCoverageTests: XCTestCase {
    func testEveryContractTestRunsOnPostgres() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let overrides = try String(contentsOf: directory.appendingPathComponent("PostgresContractTests.swift"), encoding: .utf8)
        for suite in ["UpsertTests", "PreconditionTests", "PaginationTests"] {
            let source = try String(contentsOf: directory.appendingPathComponent(suite + ".swift"), encoding: .utf8)
            let tests = source.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("    func test"), let open = line.firstIndex(of: "(") else { return nil }
                return String(line[line.index(line.startIndex, offsetBy: 9)..<open])
            }
            XCTAssertFalse(tests.isEmpty, suite)
            for test in tests {
                XCTAssertTrue(
                    overrides.contains("override func \(test)() async throws { try await super.\(test)() }"),
                    "\(suite).\(test) has no PostgreSQL override in PostgresContractTests.swift")
            }
        }
    }
}
