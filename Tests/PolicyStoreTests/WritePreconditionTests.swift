import PolicyStore
import XCTest

/// The one evaluation of `If-Match` / `If-None-Match` on writes
/// (``WritePrecondition/isSatisfied(byCurrentETag:)``), which the service's early check and the
/// store's re-check inside the write transaction both call; `PreconditionTests` (each backend)
/// and the service's `ConditionalRequestTests` show each place uses it.
final class WritePreconditionTests: XCTestCase {
    func testTable() {
        let a = "\"a\""
        // (condition, current tag: nil = absent or deleted, satisfied, what the row shows)
        let table: [(WritePrecondition, String?, Bool, String)] = [
            (.none, nil, true, "unconditional, no stack"),
            (.none, a, true, "unconditional"),
            (.ifMatch(["*"]), nil, false, "If-Match * needs a stack"),
            (.ifMatch(["*"]), a, true, "If-Match * with a stack"),
            (.ifMatch([a]), a, true, "If-Match current"),
            (.ifMatch([a]), nil, false, "If-Match on no stack"),
            (.ifMatch(["\"b\"", a]), a, true, "If-Match list holding current"),
            (.ifMatch(["\"b\""]), a, false, "If-Match stale"),
            (.ifMatch(["W/\"a\""]), a, false, "If-Match: a weak tag never matches (strong comparison)"),
            (.ifMatch([]), a, false, "malformed If-Match never passes"),
            (.ifMatch([]), nil, false, "malformed If-Match never passes, no stack"),
            (.ifNoneMatchAny, nil, true, "create-only, no stack"),
            (.ifNoneMatchAny, a, false, "create-only, a stack"),
            (WritePrecondition(ifNoneMatch: [a]), a, false, "If-None-Match current"),
            (WritePrecondition(ifNoneMatch: ["W/\"a\""]), a, false, "If-None-Match: weak comparison"),
            (WritePrecondition(ifNoneMatch: ["\"b\""]), a, true, "If-None-Match stale"),
            (WritePrecondition(ifNoneMatch: [a]), nil, true, "If-None-Match, no stack"),
            (WritePrecondition(ifMatch: [a], ifNoneMatch: [a]), a, false, "both, If-None-Match fails"),
            (WritePrecondition(ifMatch: ["*"], ifNoneMatch: ["\"b\""]), a, true, "both hold"),
            (WritePrecondition(ifMatch: ["\"b\""], ifNoneMatch: ["\"b\""]), a, false, "both, If-Match fails"),
        ]
        for (condition, current, expected, label) in table {
            XCTAssertEqual(condition.isSatisfied(byCurrentETag: current), expected, "\(label): \(condition)")
        }
    }
}
