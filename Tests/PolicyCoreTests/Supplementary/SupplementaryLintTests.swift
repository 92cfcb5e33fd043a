import XCTest

@testable import PolicyCore

/// The lint rules of supplementary policies (issue 12), one table row per rule.
final class SupplementaryLintTests: XCTestCase {
    typealias S = SupplementaryTestSupport
    typealias Rule = SupplementaryLint.Rule

    /// The lint warnings (rule, pointer) of one supplementary policy.
    private func lint(_ policy: JSONValue, file: StaticString = #filePath, line: UInt = #line) -> [(String, String)] {
        guard let o = options(S.resolve(S.input([policy])), file: file, line: line) else { return [] }
        return o.warnings.compactMap { w in w.rule.map { ($0, w.pointer) } }
    }

    private func spec(_ members: JSONObject) -> JSONValue {
        [
            "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": ["name": "p"],
            "spec": .object(members),
        ]
    }

    private let stackSelector: JSONValue = [
        "matchLabels": ["app.kubernetes.io/name": "lokistack", "app.kubernetes.io/instance": "lokistack-dev"]
    ]

    /// A policy whose only finding is the given egress rule's.
    private func egress(_ rule: JSONValue) -> JSONValue {
        spec(JSONObject([("podSelector", stackSelector), ("policyTypes", ["Egress"]), ("egress", [rule])]))
    }

    private let monitoringPeer: JSONValue = [
        "namespaceSelector": ["matchLabels": ["kubernetes.io/metadata.name": "monitoring"]],
        "podSelector": ["matchLabels": ["app": "am"]],
    ]

    func testTheDocumentationsExampleTriggersTheTwoRules() {
        let found = lint(S.documentationExample)
        XCTAssertEqual(found.map(\.0), [Rule.peersSplit.rawValue, Rule.namespaceSelectorNameLabel.rawValue])
        XCTAssertEqual(
            found.map(\.1),
            ["/supplementary/0/spec/egress/0/to", "/supplementary/0/spec/egress/0/to/0/namespaceSelector/matchLabels/name"])
    }

    func testAWellFormedPolicyHasNoFindings() {
        XCTAssertTrue(lint(S.policy("fine")).isEmpty)
    }

    func testEachRule() {
        let port: JSONValue = [["port": 9093]]
        let table: [(String, JSONValue, Rule, String)] = [
            (
                "stack labels",
                spec(JSONObject([("podSelector", ["matchLabels": ["app.kubernetes.io/component": "ruler"]]), ("policyTypes", ["Ingress"])])),
                .podSelectorStackLabels, "/supplementary/0/spec/podSelector"
            ),
            (
                "wrong instance",
                spec(JSONObject([("podSelector", ["matchLabels": ["app.kubernetes.io/name": "lokistack", "app.kubernetes.io/instance": "other"]]), ("policyTypes", ["Ingress"])])),
                .podSelectorStackLabels, "/supplementary/0/spec/podSelector"
            ),
            (
                "empty pod selector", spec(JSONObject([("podSelector", [:]), ("policyTypes", ["Ingress"])])),
                .podSelectorEmpty, "/supplementary/0/spec/podSelector"
            ),
            (
                "split peers",
                egress(["to": [["namespaceSelector": ["matchLabels": ["kubernetes.io/metadata.name": "m"]]], ["podSelector": ["matchLabels": ["a": "b"]]]], "ports": port]),
                .peersSplit, "/supplementary/0/spec/egress/0/to"
            ),
            (
                "name label in an expression",
                egress(["to": [["namespaceSelector": ["matchExpressions": [["key": "name", "operator": "In", "values": ["m"]]]], "podSelector": ["matchLabels": ["a": "b"]]]], "ports": port]),
                .namespaceSelectorNameLabel, "/supplementary/0/spec/egress/0/to/0/namespaceSelector/matchExpressions/0/key"
            ),
            (
                "every namespace",
                egress(["to": [["namespaceSelector": [:], "podSelector": ["matchLabels": ["a": "b"]]]], "ports": port]),
                .namespaceSelectorEmpty, "/supplementary/0/spec/egress/0/to/0/namespaceSelector"
            ),
            ("no ports", egress(["to": [monitoringPeer]]), .ruleWithoutPorts, "/supplementary/0/spec/egress/0"),
            ("no peers", egress(["ports": port]), .ruleWithoutPeers, "/supplementary/0/spec/egress/0"),
            (
                "IPv4 everywhere", egress(["to": [["ipBlock": ["cidr": "0.0.0.0/0"]]], "ports": port]),
                .ipBlockEverywhere, "/supplementary/0/spec/egress/0/to/0/ipBlock/cidr"
            ),
            (
                "IPv6 everywhere", egress(["to": [["ipBlock": ["cidr": "::/0"]]], "ports": port]),
                .ipBlockEverywhere, "/supplementary/0/spec/egress/0/to/0/ipBlock/cidr"
            ),
        ]
        for (name, policy, rule, pointer) in table {
            let found = lint(policy)
            XCTAssertTrue(found.contains { $0 == (rule.rawValue, pointer) }, "\(name): \(found)")
            XCTAssertEqual(Set(found.map(\.0)).subtracting(exposureOK(rule)), [rule.rawValue], "\(name): only its own rule")
        }
    }

    /// Rules that open everything also open an exposure column; the table allows that one beside them.
    private func exposureOK(_ rule: Rule) -> Set<String> {
        [.ruleWithoutPeers, .ipBlockEverywhere, .podSelectorEmpty].contains(rule) ? [Rule.opensExposure.rawValue] : []
    }

    func testOpeningAnExposureColumnTheGeneratedSetKeepsClosed() {
        let open = spec(JSONObject([
            ("podSelector", ["matchLabels": ["app.kubernetes.io/name": "lokistack", "app.kubernetes.io/instance": "lokistack-dev", "app.kubernetes.io/component": "distributor"]]),
            ("policyTypes", ["Ingress"]),
            ("ingress", [["from": [["ipBlock": ["cidr": "203.0.113.0/24"]]], "ports": [["port": 3100]]]]),
        ]))
        let found = lint(open)
        XCTAssertEqual(found.map(\.0), [Rule.opensExposure.rawValue])
        XCTAssertEqual(found.map(\.1), ["/supplementary/0"])
    }

    func testRuleIdsAreStable() {
        XCTAssertEqual(
            Rule.allCases.map(\.rawValue),
            [
                "pod-selector-stack-labels", "pod-selector-empty", "peers-split-selectors", "namespace-selector-name-label",
                "namespace-selector-empty", "rule-without-ports", "rule-without-peers", "ip-block-everywhere", "opens-exposure",
            ])
    }

    func testLintWarningsCarryTheirRuleInTheResultJSON() throws {
        let o = try XCTUnwrap(options(S.resolve(S.input([S.documentationExample]))))
        let json = String(decoding: PolicyEncoding.renderResultJSON(PolicyGenerator.render(o)), as: UTF8.self)
        XCTAssertTrue(json.contains(#""pointer":"/supplementary/0/spec/egress/0/to","rule":"peers-split-selectors"}"#), json)
    }
}

extension SupplementaryLintTests {
    /// Each rule lists at most `maxFindingsPerRule` findings per policy, then says how many more.
    func testFindingsPerRuleAreBounded() {
        let rule: JSONValue = ["to": [["ipBlock": ["cidr": "10.0.0.0/8"]]]]
        let policy = spec(JSONObject([
            ("podSelector", stackSelector), ("policyTypes", ["Egress"]), ("egress", .array(Array(repeating: rule, count: 20))),
        ]))
        let found = lint(policy).filter { $0.0 == Rule.ruleWithoutPorts.rawValue }
        XCTAssertEqual(found.count, SupplementaryLint.maxFindingsPerRule + 1)
        XCTAssertEqual(found.first?.1, "/supplementary/0", "the summary: 15 more")
    }
}
