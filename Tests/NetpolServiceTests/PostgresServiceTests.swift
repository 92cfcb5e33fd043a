import Foundation
import XCTest

// The end-to-end suites run again with the server on a throw-away PostgreSQL database: each
// subclass below reruns every test of its SQLite suite with `backend` = .postgres. (XCTest on
// Linux discovers only the methods a class declares, hence one forwarding override per test;
// `testEveryEndToEndTestRunsOnPostgres` fails when one is missing.)

final class PostgresRevisionLifecycleTests: RevisionLifecycleTests {
    override class var backend: ServiceBackend { .postgres }

    override func testLifeCycle() throws { try super.testLifeCycle() }
    override func testStackListsArePaginatedByNamespaceAndName() throws { try super.testStackListsArePaginatedByNamespaceAndName() }
    override func testPathFillsMissingMetadataAndDisabledPoliciesAreAnEmptyYAML() throws { try super.testPathFillsMissingMetadataAndDisabledPoliciesAreAnEmptyYAML() }
    override func testRenderAndFlowsAreStateless() throws { try super.testRenderAndFlowsAreStateless() }
    override func testClusterQueryParametersAreStoredMerged() throws { try super.testClusterQueryParametersAreStoredMerged() }
}

final class PostgresConditionalRequestTests: ConditionalRequestTests {
    override class var backend: ServiceBackend { .postgres }

    override func testIfNoneMatchOnReadsAnswers304() throws { try super.testIfNoneMatchOnReadsAnswers304() }
    override func testWritePreconditions() throws { try super.testWritePreconditions() }
    override func testQueryErrorsAreAnsweredBeforePreconditionsAndTheBodyAfter() throws { try super.testQueryErrorsAreAnsweredBeforePreconditionsAndTheBodyAfter() }
}

final class PostgresRestoreTests: RestoreTests {
    override class var backend: ServiceBackend { .postgres }

    override func testRestoreMakesAnEarlierRevisionCurrentAgainAsANewRevision() throws { try super.testRestoreMakesAnEarlierRevisionCurrentAgainAsANewRevision() }
    override func testRestoringWhatIsCurrentCreatesNothing() throws { try super.testRestoringWhatIsCurrentCreatesNothing() }
    override func testADeletedStackIsBroughtBackFromItsHistory() throws { try super.testADeletedStackIsBroughtBackFromItsHistory() }
    override func testPreconditionsAreThoseOfPUT() throws { try super.testPreconditionsAreThoseOfPUT() }
    override func testUnknownRevisionsAndStacksAre404() throws { try super.testUnknownRevisionsAndStacksAre404() }
    override func testDryRunAnswersLikeAPlanAndStoresNothing() throws { try super.testDryRunAnswersLikeAPlanAndStoresNothing() }
    override func testStoredClusterContextIsUsedAndQueryParametersOverrideIt() throws { try super.testStoredClusterContextIsUsedAndQueryParametersOverrideIt() }
    override func testStoredInputsThatNoLongerValidateAre422() async throws { try await super.testStoredInputsThatNoLongerValidateAre422() }
}

final class PostgresErrorStatusTests: ErrorStatusTests {
    override class var backend: ServiceBackend { .postgres }

    override func testErrorStatusesAreProblemDetails() throws { try super.testErrorStatusesAreProblemDetails() }
    override func testProtocolLimitsAnswerProblemDetails() throws { try super.testProtocolLimitsAnswerProblemDetails() }
    override func testMethodNotAllowedListsAllowedMethods() throws { try super.testMethodNotAllowedListsAllowedMethods() }
}

final class PostgresAuthorizationMatrixTests: AuthorizationMatrixTests {
    override class var backend: ServiceBackend { .postgres }

    override func testEveryRouteAndCaller() throws { try super.testEveryRouteAndCaller() }
    override func testTeamBIsForbiddenWhetherOrNotTheStackExists() throws { try super.testTeamBIsForbiddenWhetherOrNotTheStackExists() }
    override func testListsShowOnlyTheTokensNamespaces() throws { try super.testListsShowOnlyTheTokensNamespaces() }
    override func testScopesAreIndependent() throws { try super.testScopesAreIndependent() }
    override func testExpiredTokenIsUnauthorized() throws { try super.testExpiredTokenIsUnauthorized() }
    override func testImpersonationHeaderGrammar() throws { try super.testImpersonationHeaderGrammar() }
    override func testAuthorIsTheTokenOrTheUserViaTheToken() throws { try super.testAuthorIsTheTokenOrTheUserViaTheToken() }
    override func testDeletionIsAttributedAndKept() throws { try super.testDeletionIsAttributedAndKept() }
    override func testFailedAuthenticationsAreRateLimitedBeforeTheTokenIsChecked() throws { try super.testFailedAuthenticationsAreRateLimitedBeforeTheTokenIsChecked() }
    override func testNoSecretInResponsesLogOrDatabase() throws { try super.testNoSecretInResponsesLogOrDatabase() }
}

final class PostgresDiffPatchTests: DiffPatchTests {
    override class var backend: ServiceBackend { .postgres }

    override func testOneInsertedRuleIsOneChangeFromServiceAndCLI() throws { try super.testOneInsertedRuleIsOneChangeFromServiceAndCLI() }
}

/// The forwarding overrides above are complete.
final class PostgresServiceCoverageTests: XCTestCase {
    func testEveryEndToEndTestRunsOnPostgres() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let overrides = try String(contentsOf: directory.appendingPathComponent("PostgresServiceTests.swift"), encoding: .utf8)
        let suites = ["RevisionLifecycleTests": "RevisionLifecycleTests.swift", "ConditionalRequestTests": "ConditionalRequestTests.swift", "RestoreTests": "RestoreTests.swift", "ErrorStatusTests": "ErrorStatusTests.swift", "AuthorizationMatrixTests": "Auth/AuthorizationMatrixTests.swift", "DiffPatchTests": "DiffPatchTests.swift"]
        for (suite, file) in suites {
            let source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let tests = source.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("    func test"), let open = line.firstIndex(of: "(") else { return nil }
                return String(line[line.index(line.startIndex, offsetBy: 9)..<open])
            }
            XCTAssertFalse(tests.isEmpty, suite)
            XCTAssertTrue(overrides.contains("final class Postgres\(suite): \(suite) {"), suite)
            for test in tests {
                XCTAssertTrue(
                    overrides.contains("override func \(test)() ") && overrides.contains("super.\(test)() }"),
                    "\(suite).\(test) has no PostgreSQL override in PostgresServiceTests.swift")
            }
        }
    }
}
