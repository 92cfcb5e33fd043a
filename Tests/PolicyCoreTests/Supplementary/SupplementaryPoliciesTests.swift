import XCTest

@testable import PolicyCore

/// Supplementary policies (issue 12): input forms, validation, limits, rendering, summary.
final class SupplementaryPoliciesTests: XCTestCase {
    typealias S = SupplementaryTestSupport

    func testRenderedAfterTheGeneratedOnesOrderedByNameWithTheNamespaceFilledIn() throws {
        let plain = try XCTUnwrap(options(S.resolve(S.input(nil))))
        let o = try XCTUnwrap(options(S.resolve(S.input([S.policy("zeta"), S.policy("alpha", namespace: "logging")]))))
        let generated = PolicyGenerator.render(plain)
        let result = PolicyGenerator.render(o)
        XCTAssertEqual(result.policies.count, generated.policies.count + 2)
        XCTAssertEqual(Array(result.policies.prefix(generated.policies.count)), generated.policies)
        XCTAssertEqual(result.policies.suffix(2).map(\.name), ["alpha", "zeta"])
        XCTAssertEqual(result.policies.last?.namespace, "logging")
        XCTAssertNotEqual(result.digest, generated.digest, "the digest covers them")
    }

    func testWithoutSupplementaryTheEnvelopeHasNoMember() {
        XCTAssertNil(S.input(nil).envelope["supplementary"])
        XCTAssertNotNil(S.input([S.policy("a")]).envelope["supplementary"])
    }

    func testStreamDocumentsAndListItemsBecomeSupplementary() throws {
        let text = """
            apiVersion: loki.grafana.com/v1
            kind: LokiStack
            metadata: {name: lokistack-dev, namespace: logging}
            spec: {size: 1x.small, storage: {secret: {name: storage, type: s3}}, networkPolicies: {disabled: false}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: one}
            spec: {podSelector: {matchLabels: {app.kubernetes.io/name: lokistack, app.kubernetes.io/instance: lokistack-dev}}, policyTypes: [Ingress]}
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: networking.k8s.io/v1
              kind: NetworkPolicy
              metadata: {name: two, namespace: other}
              spec: {podSelector: {}}
            """
        let input = try InputTestSupport.decodeYAML(text)
        XCTAssertEqual(input.supplementary?.arrayValue?.count, 2)
        let found = issues(InputTestSupport.resolve(input))
        XCTAssertEqual(found.map(\.pointer), ["/supplementary/1/metadata/namespace"])
    }

    func testNamesMustBeUniqueAndNotGenerated() {
        let generatedName = "lokistack-dev-" + PolicyGenerator.policySuffixes.last!
        let found = issues(S.resolve(S.input([S.policy("a"), S.policy("a"), S.policy(generatedName)])))
        XCTAssertEqual(found.map(\.pointer), ["/supplementary/1/metadata/name", "/supplementary/2/metadata/name"])
        XCTAssertTrue(found[0].message.contains("unique"), found[0].message)
        XCTAssertTrue(found[1].message.contains("generator"), found[1].message)
    }

    func testSchemaRules() {
        var bad = S.policy("bad")
        bad = replaced(bad, ["spec", "egress"], [
            ["to": [[:], ["ipBlock": ["cidr": "10.0.0.0/8"], "podSelector": [:]]], "ports": [["port": "Not_A_Name"]]]
        ])
        bad = replaced(bad, ["spec", "podSelector"], ["matchExpressions": [["key": "a", "operator": "In"]]])
        let found = issues(S.resolve(S.input([bad])))
        XCTAssertEqual(
            Set(found.map(\.pointer)),
            [
                "/supplementary/0/spec/podSelector/matchExpressions/0/values", "/supplementary/0/spec/egress/0/to/0",
                "/supplementary/0/spec/egress/0/to/1/ipBlock", "/supplementary/0/spec/egress/0/ports/0/port",
            ])
    }

    func testListLimits() {
        let many = (0...InputLimits.maxSupplementaryPolicies).map { S.policy("p\($0)") }
        XCTAssertEqual(issues(S.resolve(S.input(many))).map(\.pointer), ["/supplementary"])
        let rule: JSONValue = ["ports": [["port": 1]], "to": [["ipBlock": ["cidr": "10.0.0.0/8"]]]]
        let rules = replaced(S.policy("r"), ["spec", "egress"], .array(Array(repeating: rule, count: InputLimits.maxSupplementaryRules + 1)))
        XCTAssertEqual(issues(S.resolve(S.input([rules]))).map(\.pointer), ["/supplementary/0/spec/egress"])
        let peer: JSONValue = ["ipBlock": ["cidr": "10.0.0.0/8"]]
        let port: JSONValue = ["port": 1]
        let wide = replaced(S.policy("w"), ["spec", "egress"], [
            [
                "to": .array(Array(repeating: peer, count: InputLimits.maxSupplementaryPeers + 1)),
                "ports": .array(Array(repeating: port, count: InputLimits.maxSupplementaryPorts + 1)),
            ]
        ])
        XCTAssertEqual(
            issues(S.resolve(S.input([wide]))).map(\.pointer),
            ["/supplementary/0/spec/egress/0/to", "/supplementary/0/spec/egress/0/ports"])
        let labels = JSONValue.object(JSONObject((0...InputLimits.maxSelectorMatchLabels).map { ("k\($0)", JSONValue.string("v")) }))
        let selector = replaced(S.policy("s"), ["spec", "podSelector"], ["matchLabels": labels])
        XCTAssertEqual(issues(S.resolve(S.input([selector]))).map(\.pointer), ["/supplementary/0/spec/podSelector/matchLabels"])
    }

    /// Peers and ports of all supplementary rules together: at most 8,192, a 422 at the list that
    /// crosses the total (here the peers of the second policy, after 64 full rules in the first).
    func testTotalOfPeersAndPorts() {
        let peer: JSONValue = ["ipBlock": ["cidr": "10.0.0.0/8"]]
        let port: JSONValue = ["port": 1]
        let full: JSONValue = [
            "to": .array(Array(repeating: peer, count: InputLimits.maxSupplementaryPeers)),
            "ports": .array(Array(repeating: port, count: InputLimits.maxSupplementaryPorts)),
        ]
        // 64 rules of 64 peers and 64 ports: 8,192, exactly the total.
        let atTotal = replaced(S.policy("a"), ["spec", "egress"], .array(Array(repeating: full, count: 64)))
        XCTAssertEqual(InputLimits.maxSupplementaryPeersAndPortsInAll, 64 * 128)
        XCTAssertNotNil(options(S.resolve(S.input([atTotal]))))
        // One more peer in a second policy crosses it, there.
        let one = replaced(S.policy("b"), ["spec", "egress"], [["to": [peer], "ports": [port]]])
        let found = issues(S.resolve(S.input([atTotal, one])))
        XCTAssertEqual(found.map(\.pointer), ["/supplementary/1/spec/egress/0/to"])
        XCTAssertTrue(found.first?.message.contains("at most 8192") ?? false, "\(found)")
    }

    func testDisabledHoldsThemBackWithAWarning() throws {
        let o = try XCTUnwrap(options(S.resolve(S.input([S.policy("a")], enabled: false))))
        XCTAssertEqual(PolicyGenerator.render(o).policies, [])
        XCTAssertTrue(o.warnings.contains { $0.pointer == "/supplementary" && $0.message.contains("held back") })
    }

    func testChangeSummaryCountsThem() throws {
        let o = try XCTUnwrap(options(S.resolve(S.input([S.policy("a")]))))
        let policies = PolicyGenerator.render(o).policies
        XCTAssertEqual(
            PolicyDiff.changeSummary(from: nil, to: policies, stackName: "lokistack-dev"),
            "created: \(policies.count - 1) policies + 1 supplementary")
        let plain = PolicyGenerator.render(try XCTUnwrap(options(S.resolve(S.input(nil))))).policies
        XCTAssertEqual(PolicyDiff.changeSummary(from: plain, to: policies, stackName: "lokistack-dev"), "added a")
    }

    func testStoredEnvelopeReadsBack() throws {
        let input = S.input([S.policy("a")])
        let back = try PolicyInput(envelope: JSONValue.parseJSON(input.envelope.canonicalJSONBytes()))
        XCTAssertEqual(back, input)
        XCTAssertEqual(try back.resolve().supplementary.map(\.name), ["a"])
    }

    /// `value` with the member at `path` replaced.
    private func replaced(_ value: JSONValue, _ path: [String], _ new: JSONValue) -> JSONValue {
        guard let first = path.first, case .object(var object) = value else { return new }
        object[first] = replaced(object[first] ?? .null, Array(path.dropFirst()), new)
        return .object(object)
    }
}

extension SupplementaryPoliciesTests {
    func testWithoutMetadataOnlyTheNameIsRequired() {
        let policy: JSONValue = ["apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "spec": ["podSelector": [:]]]
        XCTAssertEqual(issues(S.resolve(S.input([policy]))).map(\.pointer), ["/supplementary/0/metadata/name"])
    }

    func testNotAPolicy() {
        let found = issues(S.resolve(S.input(["text", ["kind": "Service", "metadata": ["name": "x"], "spec": [:]]])))
        // A missing field sorts after the fields present (document order).
        XCTAssertEqual(found.map(\.pointer), ["/supplementary/0", "/supplementary/1/kind", "/supplementary/1/apiVersion"])
    }
}
