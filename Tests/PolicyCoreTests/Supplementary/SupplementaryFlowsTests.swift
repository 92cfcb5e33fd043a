import XCTest

@testable import PolicyCore

/// The flow matrix of a stack with supplementary policies (issue 12): evaluated together with
/// the generated set, each port saying which policies allow it, footnotes in the tables.
final class SupplementaryFlowsTests: XCTestCase {
    typealias S = SupplementaryTestSupport

    /// Opens ingress from outside the cluster to the distributor on 3100.
    static let openDistributor: JSONValue = [
        "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": ["name": "external-push"],
        "spec": [
            "podSelector": [
                "matchLabels": [
                    "app.kubernetes.io/name": "lokistack", "app.kubernetes.io/instance": "lokistack-dev",
                    "app.kubernetes.io/component": "distributor",
                ]
            ],
            "policyTypes": ["Ingress"],
            "ingress": [["from": [["ipBlock": ["cidr": "203.0.113.0/24"]]], "ports": [["port": 3100]]]],
        ],
    ]

    private func matrix(_ supplementary: [JSONValue]?) throws -> FlowMatrix {
        let o = try XCTUnwrap(options(S.resolve(S.input(supplementary))))
        return FlowAnalysis.matrix(options: o, policies: PolicyGenerator.policies(o))
    }

    func testSupplementaryPoliciesOpenCellsAndSayWhich() throws {
        let plain = try matrix(nil)
        let opened = try matrix([Self.openDistributor])
        let row = try XCTUnwrap(opened.ingress.first { $0.component == .distributor })
        XCTAssertEqual(row[.external], [.tcp(3100)])
        XCTAssertEqual(row.by?[IngressSource.external.position], [["external-push"]])
        XCTAssertEqual(plain.ingress.first { $0.component == .distributor }?[.external], [])
        // Every other cell is the generated set's.
        XCTAssertEqual(PolicyDiff.flows(old: plain, new: opened).count, 1)
    }

    func testJSONHasByOnlyWithSupplementaryPolicies() throws {
        let plain = String(decoding: try matrix(nil).json(), as: UTF8.self)
        XCTAssertFalse(plain.contains("\"by\""))
        let opened = String(decoding: try matrix([Self.openDistributor]).json(), as: UTF8.self)
        XCTAssertTrue(opened.contains(#""external":[{"by":["external-push"],"port":3100,"protocol":"TCP"}]"#), opened)
        XCTAssertTrue(opened.contains(#"{"by":["lokistack-dev-loki-allow"],"port":3101,"protocol":"TCP"}"#), opened)
    }

    func testTextAndMarkdownFootnoteTheCellsASupplementaryPolicyOpens() throws {
        let plain = try matrix(nil)
        XCTAssertFalse(plain.text().contains("[1]"))
        let opened = try matrix([Self.openDistributor])
        for text in [opened.text(), opened.markdown()] {
            XCTAssertTrue(text.contains("✅ 3100 [1]"), text)
            XCTAssertTrue(text.hasSuffix("\n[1] opened by supplementary policy external-push\n"), text)
            XCTAssertEqual(text.components(separatedBy: "[1]").count, 3, "one marked cell and its footnote")
        }
    }

    func testAttributionMatchesTheVerdicts() throws {
        let opened = try matrix([Self.openDistributor, S.documentationExample])
        for row in opened.ingress {
            for (i, cell) in row.cells.enumerated() {
                XCTAssertEqual(row.by?[i].count, cell.count)
                for names in row.by?[i] ?? [] { XCTAssertFalse(names.isEmpty, "policies are enabled: some policy allows") }
            }
        }
    }
}
