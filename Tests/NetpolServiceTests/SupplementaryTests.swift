import Foundation
import XCTest

/// Supplementary policies over HTTP (issue 12): stored with the revision, listed after the
/// generated policies, shown in `inputs`; lint warnings carry their `rule`; `?strict=true`
/// turns them (and only them) into a 422.
final class SupplementaryTests: ServiceTestCase {
    /// The documentation's example, for the stack `dev` (its two peers are a lint finding).
    static let example = #"""
        {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"custom-dashboard-access"},\#
        "spec":{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"lokistack","app.kubernetes.io/instance":"dev",\#
        "app.kubernetes.io/component":"ruler"}},"policyTypes":["Egress"],"egress":[{"to":[\#
        {"namespaceSelector":{"matchLabels":{"name":"monitoring"}}},{"podSelector":{"matchLabels":{"app":"custom-alertmanager"}}}],\#
        "ports":[{"protocol":"TCP","port":3100}]}]}}
        """#

    static func envelope(_ supplementary: [String], namespace: String = "logging") -> String {
        let base = Inputs.envelope(namespace: namespace)
        return String(base.dropLast()) + #","supplementary":["# + supplementary.joined(separator: ",") + "]}"
    }

    func testStoredListedAndSummarized() throws {
        let stack = Inputs.stackPath()
        let created = try put(stack, json: Self.envelope([Self.example]))
        assertStatus(created, 201)
        let body = try XCTUnwrap(created.json)
        let summary = (body["currentRevision"] as? [String: Any])?["changeSummary"] as? String
        XCTAssertTrue(summary?.hasSuffix(" policies + 1 supplementary") ?? false, "\(summary ?? "")")
        let warnings = body["warnings"] as? [[String: Any]] ?? []
        XCTAssertEqual(
            warnings.compactMap { $0["rule"] as? String }, ["peers-split-selectors", "namespace-selector-name-label"])

        let policies = try get(stack + "/policies")
        assertStatus(policies, 200)
        let items = (policies.json?["policies"] as? [String: Any])?["items"] as? [[String: Any]] ?? []
        let last = items.last?["metadata"] as? [String: Any]
        XCTAssertEqual(last?["name"] as? String, "custom-dashboard-access")
        XCTAssertEqual(last?["namespace"] as? String, "logging", "namespace filled in")

        let stored = try get(stack)
        let inputs = stored.json?["inputs"] as? [String: Any]
        XCTAssertEqual((inputs?["supplementary"] as? [Any])?.count, 1)
    }

    func testStrictTurnsLintWarningsIntoA422() throws {
        let stack = Inputs.stackPath(namespace: "strict")
        let strictPut = try put(stack + "?strict=true", json: Self.envelope([Self.example], namespace: "strict"))
        assertProblem(strictPut, 422)
        XCTAssertEqual(
            pointers(strictPut),
            ["/supplementary/0/spec/egress/0/to", "/supplementary/0/spec/egress/0/to/0/namespaceSelector/matchLabels/name"])
        XCTAssertEqual(
            (strictPut.json?["errors"] as? [[String: Any]])?.compactMap { $0["rule"] as? String },
            ["peers-split-selectors", "namespace-selector-name-label"])
        let render = try client.request(
            "POST", "/v1/render?strict=true", headers: [("Content-Type", "application/json")],
            text: Self.envelope([Self.example]))
        assertProblem(render, 422)
        // Other warnings are not lint: strict accepts a stack without supplementary policies.
        assertStatus(try put(stack + "?strict=true", json: Inputs.envelope(namespace: "strict")), 201)
        let plan = try client.request(
            "POST", stack + "/plan?strict=true", headers: [("Content-Type", "application/json")],
            text: Self.envelope([Self.example], namespace: "strict"))
        assertProblem(plan, 422)
        let bad = try put(stack + "?strict=yes", json: Inputs.envelope(namespace: "strict"))
        assertProblem(bad, 400)
    }
}

extension SupplementaryTests {
    /// Malformed supplementary lists and drift bodies are 4xx problems naming the place, never a 500.
    func testHostileShapesAre4xx() throws {
        let stack = Inputs.stackPath(namespace: "hostile")
        for supplementary in [
            #"{"a":1}"#, #"[1,null,"x"]"#, #"[{"kind":"NetworkPolicy"}]"#,
            #"[{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"x"},"spec":{"ingress":{"from":1}}}]"#,
            #"[{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"x"},"spec":{"egress":[{"to":[{"ipBlock":{"cidr":"::/129"}}],"ports":[{"port":0,"endPort":-1}]}]}}]"#,
        ] {
            let body = String(Inputs.envelope(namespace: "hostile").dropLast()) + #","supplementary":"# + supplementary + "}"
            let response = try put(stack, json: body)
            assertProblem(response, 422)
            XCTAssertTrue(pointers(response).allSatisfy { $0.hasPrefix("/supplementary") }, "\(supplementary): \(pointers(response))")
        }
        assertStatus(try put(stack, json: Inputs.envelope(namespace: "hostile")), 201)
        for body in ["[1, 2]", "kind: Secret\ndata: {password: aHVudGVyMg==}\n", "items: 3\nkind: List\n", "a: &a [*a]\n"] {
            let response = try client.request(
                "POST", stack + "/drift", headers: [("Content-Type", "application/yaml")], text: body)
            XCTAssertTrue((400..<500).contains(response.status), "\(body): \(response.status)")
            XCTAssertFalse(response.text.contains("aHVudGVyMg"), "a Secret's data is never echoed")
        }
    }
}
