import XCTest

@testable import PolicyCore

final class PolicyDiffTests: XCTestCase {
    static let labels: LabelMap = ["app.kubernetes.io/instance": "lokistack-dev", "app.kubernetes.io/name": "lokistack"]

    static func policy(
        _ suffix: String, select: LabelSelector = LabelSelector(matchLabels: ["app.kubernetes.io/component": "ruler"]),
        types: [PolicyType] = [.egress], ingress: [NetworkPolicyIngressRule] = [], egress: [NetworkPolicyEgressRule] = []
    ) -> NetworkPolicy {
        NetworkPolicy(
            name: "lokistack-dev-\(suffix)", namespace: "loki", labels: labels,
            spec: NetworkPolicySpec(podSelector: select, policyTypes: types, ingress: ingress, egress: egress))
    }

    static let deny = policy("default-deny", select: LabelSelector(matchLabels: labels), types: [.ingress, .egress])
    static func alert(_ ports: [Int]) -> NetworkPolicy {
        policy("ruler-allow-alert-egress", egress: [NetworkPolicyEgressRule(ports: ports.map(NetworkPolicyPort.tcp))])
    }
    static let queryFrontend = policy(
        "loki-allow-query-frontend", select: LabelSelector(matchLabels: ["app.kubernetes.io/component": "query-frontend"]),
        types: [.ingress], ingress: [NetworkPolicyIngressRule(ports: [.tcp(3100)])])

    // MARK: Structured

    func testEqualSetsHaveNoDifference() {
        let set = [Self.deny, Self.alert([9093])]
        let diff = PolicyDiff.structured(old: set, new: set, from: 3, to: 3)
        XCTAssertTrue(diff.isEmpty)
        XCTAssertEqual(String(decoding: diff.json(), as: UTF8.self), #"{"added":[],"changed":[],"from":3,"removed":[],"to":3}"#)
    }

    func testAddedRemovedChangedByNameInOrder() {
        let old = [Self.deny, Self.policy("loki-allow"), Self.alert([9093])]
        let new = [Self.deny, Self.alert([9093, 9094]), Self.queryFrontend]
        let diff = PolicyDiff.structured(old: old, new: new, from: 1, to: 2)
        XCTAssertEqual(diff.added, ["lokistack-dev-loki-allow-query-frontend"])
        XCTAssertEqual(diff.removed, ["lokistack-dev-loki-allow"])
        XCTAssertEqual(diff.changed.map(\.name), ["lokistack-dev-ruler-allow-alert-egress"])
        XCTAssertEqual(
            diff.changed.first?.changes,
            [FieldChange(path: "/spec/egress/0/ports/1", old: nil, new: .object(["port": .number(9094), "protocol": .string("TCP")]))])
        XCTAssertEqual(
            String(decoding: diff.json(), as: UTF8.self),
            #"{"added":["lokistack-dev-loki-allow-query-frontend"],"changed":[{"changes":[{"new":{"port":9094,"protocol":"TCP"},"path":"/spec/egress/0/ports/1"}],"name":"lokistack-dev-ruler-allow-alert-egress"}],"from":1,"removed":["lokistack-dev-loki-allow"],"to":2}"#)
    }

    func testPathsEscapeKeysAndMapsGoInKeyOrder() {
        var before = Self.deny
        var after = Self.deny
        before.labels = LabelMap([("a~b/c", "x"), ("a/", "1"), ("app.kubernetes.io/name", "lokistack")])
        after.labels = LabelMap([("a0", "2"), ("app.kubernetes.io/name", "loki")])
        after.spec.ingress = [NetworkPolicyIngressRule()]
        after.spec.egress = [NetworkPolicyEgressRule(to: [NetworkPolicyPeer(namespaceSelector: .everything)])]
        let changes = PolicyDiff.structured(old: [before], new: [after]).changed.first?.changes
        // Keys by code point: "a/" < "a0" < "app…" < "a~b/c" (although "a~1" sorts after "a0" as text).
        XCTAssertEqual(changes, [
            FieldChange(path: "/metadata/labels/a~1", old: .string("1"), new: nil),
            FieldChange(path: "/metadata/labels/a0", old: nil, new: .string("2")),
            FieldChange(path: "/metadata/labels/app.kubernetes.io~1name", old: .string("lokistack"), new: .string("loki")),
            FieldChange(path: "/metadata/labels/a~0b~1c", old: .string("x"), new: nil),
            FieldChange(path: "/spec/egress", old: nil, new: .array([.object(["to": .array([.object(["namespaceSelector": .object([:])])])])])),
            FieldChange(path: "/spec/ingress", old: nil, new: .array([.object([:])])),
        ])
    }

    func testScalarAndTypeChangesAreOneReplace() {
        let old = Self.policy("x", egress: [NetworkPolicyEgressRule(
            to: [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8", except: ["10.1.0.0/16"]))],
            ports: [NetworkPolicyPort(.udp, port: .name("dns"))])])
        let new = Self.policy("x", select: LabelSelector(matchExpressions: [
            LabelSelectorRequirement(key: "k", operator: .in, values: ["a", "b"])]),
            egress: [NetworkPolicyEgressRule(
                to: [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8"))],
                ports: [NetworkPolicyPort(.tcp, port: .number(8000), endPort: 8080)])])
        let changes = PolicyDiff.structured(old: [old], new: [new]).changed.first?.changes ?? []
        XCTAssertEqual(changes, [
            FieldChange(path: "/spec/egress/0/ports/0/endPort", old: nil, new: .number(8080)),
            FieldChange(path: "/spec/egress/0/ports/0/port", old: .string("dns"), new: .number(8000)),
            FieldChange(path: "/spec/egress/0/ports/0/protocol", old: .string("UDP"), new: .string("TCP")),
            FieldChange(path: "/spec/egress/0/to/0/ipBlock/except", old: .array([.string("10.1.0.0/16")]), new: nil),
            FieldChange(
                path: "/spec/podSelector/matchExpressions", old: nil,
                new: .array([.object(["key": .string("k"), "operator": .string("In"), "values": .array([.string("a"), .string("b")])])])),
            FieldChange(path: "/spec/podSelector/matchLabels", old: .object(["app.kubernetes.io/component": .string("ruler")]), new: nil),
        ])
    }

    func testListIndicesOrderNumerically() {
        let rules = (0..<12).map { NetworkPolicyEgressRule(ports: [.tcp(1000 + $0)]) }
        var changedRules = rules
        changedRules[2].ports = [.tcp(2)]
        changedRules[10].ports = [.tcp(10)]
        let diff = PolicyDiff.structured(old: [Self.policy("x", egress: rules)], new: [Self.policy("x", egress: changedRules)])
        XCTAssertEqual(diff.changed.first?.changes.map(\.path), ["/spec/egress/2/ports/0/port", "/spec/egress/10/ports/0/port"])
    }

    func testJSONEscapesAndMergesExtraMembersInKeyOrder() {
        let diff = PolicyDiff.structured(old: [], new: [Self.policy("q\"\n\u{1}é/")])
        XCTAssertEqual(
            String(decoding: diff.json(merging: [("wouldCreateRevision", Array("true".utf8)), ("digest", Array(#""sha256:00""#.utf8))]), as: UTF8.self),
            #"{"added":["lokistack-dev-q\"\n\u0001é/"],"changed":[],"digest":"sha256:00","removed":[],"wouldCreateRevision":true}"#)
    }

    // MARK: Change summary

    func testChangeSummaryWording() {
        let d = Self.deny
        let cases: [(String, [NetworkPolicy]?, [NetworkPolicy], Bool, String)] = [
            ("first", nil, [d, Self.alert([9093])], false, "created: 2 policies"),
            ("first disabled", nil, [], false, "created: policies disabled"),
            ("first single", nil, [d], false, "created: 1 policy"),
            ("recreated", [d], [d, Self.alert([9093])], true, "recreated: 2 policies"),
            ("recreated disabled", nil, [], true, "recreated: policies disabled"),
            ("enabled → disabled", [d, Self.alert([9093])], [], false, "disabled: 2 policies removed"),
            ("disabled → enabled", [], [d, Self.alert([9093])], false, "enabled: 2 policies"),
            ("added and ports (api.md example)", [d, Self.alert([9093])], [d, Self.alert([9093, 9094]), Self.queryFrontend], false,
             "ruler-allow-alert-egress: egress ports 9093 → 9093, 9094; added loki-allow-query-frontend"),
            ("removed in old position", [d, Self.queryFrontend, Self.alert([9093])], [d, Self.alert([9093])], false,
             "removed loki-allow-query-frontend"),
            ("peers", [Self.alert([9093])],
             [Self.policy("ruler-allow-alert-egress", egress: [NetworkPolicyEgressRule(to: [NetworkPolicyPeer(namespaceSelector: .everything)], ports: [.tcp(9093)])])],
             false, "ruler-allow-alert-egress: egress peers changed"),
            ("ports and peers", [Self.alert([9093])],
             [Self.policy("ruler-allow-alert-egress", egress: [NetworkPolicyEgressRule(to: [NetworkPolicyPeer(namespaceSelector: .everything)], ports: [.udp(53)])])],
             false, "ruler-allow-alert-egress: egress ports 9093 → 53/UDP; ruler-allow-alert-egress: egress peers changed"),
            ("rules rearranged", [Self.alert([9093, 9094])],
             [Self.policy("ruler-allow-alert-egress", egress: [NetworkPolicyEgressRule(ports: [.tcp(9093)]), NetworkPolicyEgressRule(ports: [.tcp(9094)])])],
             false, "ruler-allow-alert-egress: egress rules changed"),
            ("rules to none", [Self.alert([9093])], [Self.policy("ruler-allow-alert-egress")], false,
             "ruler-allow-alert-egress: egress ports 9093 → none; ruler-allow-alert-egress: egress peers changed"),
            ("port kinds", [Self.policy("p", egress: [NetworkPolicyEgressRule(ports: [.tcp(1)])])],
             [Self.policy("p", egress: [NetworkPolicyEgressRule(ports: [NetworkPolicyPort(.udp, port: nil), NetworkPolicyPort(.tcp, port: .name("http")), NetworkPolicyPort(.tcp, port: .number(8000), endPort: 8080), .udp(53)]), NetworkPolicyEgressRule(ports: [])])],
             false, "p: egress ports 1 → 53/UDP, 8000-8080, http, all UDP, all ports"),
            ("selector, types, labels", [d],
             [NetworkPolicy(name: d.name, namespace: "other", labels: ["x": "y"], spec: NetworkPolicySpec(podSelector: .everything, policyTypes: [.ingress]))],
             false, "default-deny: namespace loki → other; default-deny: labels changed; default-deny: pod selector changed; default-deny: policy types Ingress, Egress → Ingress"),
            ("ingress before egress", [Self.policy("p", types: [.ingress, .egress])],
             [Self.policy("p", types: [.ingress, .egress], ingress: [NetworkPolicyIngressRule(ports: [.tcp(3100)])], egress: [NetworkPolicyEgressRule(ports: [.tcp(443)])])],
             false, "p: ingress ports none → 3100; p: ingress peers changed; p: egress ports none → 443; p: egress peers changed"),
            ("same", [d], [d], false, "no changes"),
            ("both disabled", [], [], false, "no changes"),
        ]
        for (name, old, new, recreated, expected) in cases {
            XCTAssertEqual(PolicyDiff.changeSummary(from: old, to: new, stackName: "lokistack-dev", recreated: recreated), expected, name)
        }
    }

    func testChangeSummaryKeepsNamesWithoutTheStackPrefix() {
        let foreign = NetworkPolicy(name: "custom", namespace: "loki", labels: LabelMap(), spec: NetworkPolicySpec(podSelector: .everything, policyTypes: [.ingress]))
        XCTAssertEqual(PolicyDiff.changeSummary(from: [Self.deny], to: [Self.deny, foreign], stackName: "lokistack-dev"), "added custom")
        XCTAssertEqual(PolicyDiff.changeSummary(from: [Self.deny], to: [], stackName: "lokistack"), "disabled: 1 policy removed")
    }

    // MARK: Pairing

    func testPairingKeepsRemovedPoliciesInTheirOldPlace() {
        let a = Self.policy("a"), b = Self.policy("b"), c = Self.policy("c"), x = Self.policy("x")
        let entries = PolicyPairing(old: [a, b, c], new: [a, x, c]).entries
        XCTAssertEqual(entries.map { ($0.old ?? $0.new)?.name ?? "" }, ["a", "b", "x", "c"].map { "lokistack-dev-\($0)" })
        XCTAssertEqual(entries.map { ($0.old != nil, $0.new != nil) }.map { "\($0.0 ? "o" : "")\($0.1 ? "n" : "")" }, ["on", "o", "n", "on"])
    }

    func testDuplicateNamesPairOccurrenceByOccurrence() {
        let a = Self.policy("a")
        var a2 = Self.policy("a")
        a2.spec.policyTypes = [.ingress]
        let diff = PolicyDiff.structured(old: [a], new: [a, a2])
        XCTAssertEqual(diff.added, [a.name])
        XCTAssertTrue(diff.changed.isEmpty)
    }
}
