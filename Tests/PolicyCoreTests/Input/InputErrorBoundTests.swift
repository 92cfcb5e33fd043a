import XCTest

@testable import PolicyCore

/// Error reports are bounded whatever the input (issue 8): at most `InputLimits.maxReportedIssues`
/// issues plus one saying how many more were found, and at most `InputLimits.maxStreamDocuments`
/// documents in a YAML input stream, refused before the rest of the stream is decoded.
final class InputErrorBoundTests: XCTestCase {
    func testIssuesAreCappedAndCounted() {
        let kept = InputLimits.maxReportedIssues
        let all = (0..<(kept + 250)).map { FieldIssue(pointer: "/p/\($0)", message: "bad \($0)") }
        let error = InputError(all, kind: .invalid)
        XCTAssertEqual(error.problemCount, kept + 250)
        XCTAssertEqual(error.issues.count, kept + 1)
        XCTAssertEqual(Array(error.issues.prefix(kept)), Array(all.prefix(kept)))
        XCTAssertEqual(error.issues.last, FieldIssue(pointer: "", message: "250 more problems are not listed: at most \(kept) are reported"))
        let exact = InputError(Array(all.prefix(kept)))
        XCTAssertEqual(exact.issues, Array(all.prefix(kept)))
        XCTAssertEqual(exact.problemCount, kept)
    }

    /// One error per bad list item: the report keeps the first ones in document order.
    func testOneErrorPerItemIsBounded() {
        let values = JSONValue.array((0..<256).map { .string("-bad\($0)") })
        let selector: JSONValue = ["matchExpressions": [["key": "k", "operator": "In", "values": values]]]
        let input = InputTestSupport.input(cluster: ["prometheus": ["podSelector": selector]])
        guard case .failure(let error) = InputTestSupport.resolve(input) else { return XCTFail("accepted") }
        XCTAssertEqual(error.problemCount, 256)
        XCTAssertEqual(error.issues.count, InputLimits.maxReportedIssues + 1)
        XCTAssertEqual(error.issues.first?.pointer, "/cluster/prometheus/podSelector/matchExpressions/0/values/0")
        XCTAssertEqual(error.issues[InputLimits.maxReportedIssues - 1].pointer, "/cluster/prometheus/podSelector/matchExpressions/0/values/99")
    }

    func testStreamDocumentLimit() {
        let limit = InputLimits.maxStreamDocuments
        let document = "kind: EndpointSlice\n"
        // One document too many, then text that does not parse: refused for the count, unread.
        let tooMany = String(repeating: "---\n" + document, count: limit + 1) + "---\n{ unclosed"
        XCTAssertThrowsError(try PolicyInput.decode(Array(tooMany.utf8), format: .yaml)) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.kind, .invalid)
            XCTAssertEqual(
                e?.issues,
                [FieldIssue(pointer: "", message: "the YAML stream has more than \(limit) documents; at most \(limit) are accepted")])
        }
        // At the limit, the stream is read (and refused for its content, not its length).
        let atLimit = String(repeating: "---\n" + document, count: limit)
        XCTAssertThrowsError(try PolicyInput.decode(Array(atLimit.utf8), format: .yaml)) { error in
            XCTAssertFalse((error as? InputError)?.issues.contains { $0.message.contains("documents; at most") } ?? true)
        }
        // Other YAML streams (rendered policies) are not held to it.
        XCTAssertEqual(try JSONValue.parseYAMLStream(Array(String(repeating: "---\na: 1\n", count: limit + 10).utf8)).count, limit + 10)
    }
}
