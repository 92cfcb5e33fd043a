import XCTest

@testable import PolicyCore

/// The structured diff of one policy is an RFC 6902 patch from the old document to the
/// new one, with lists aligned by content (api.md "Diff and plan").
final class PolicyPatchTests: XCTestCase {
    private func document(_ policy: NetworkPolicy) throws -> DiffValue {
        try JSONPatch.value(json: PolicyEncoding.canonicalJSON(policy))
    }

    /// Applies the patch to the old policy's JSON and compares with the new policy's JSON.
    private func assertPatches(
        _ old: NetworkPolicy, _ new: NetworkPolicy, budget: DiffBudget = DiffBudget(), _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> PolicyPatch {
        let patch = PolicyPatch(old: old, new: new, budget: budget)
        do {
            let patched = try JSONPatch.apply(patch.changes, to: document(old))
            XCTAssertEqual(patched, try document(new), message, file: file, line: line)
        } catch {
            XCTFail("\(message): \(error)\n\(patch.changes)", file: file, line: line)
        }
        XCTAssertEqual(patch.changes.isEmpty, old == new, message, file: file, line: line)
        XCTAssertLessThanOrEqual(patch.operations, budget.limit, message, file: file, line: line)
        return patch
    }

    // MARK: The patch property

    func testRandomEditsPatchTheOldPolicyIntoTheNewOne() throws {
        var random = RandomPolicies(seed: 2026)
        for round in 0..<1500 {
            let old = random.policy()
            let new = random.edited(old)
            let patch = try assertPatches(old, new, "round \(round)")
            XCTAssertFalse(patch.changes.contains { $0.path.isEmpty }, "round \(round): budget never spent here")
            XCTAssertFalse(patch.changes.contains { $0.path.hasSuffix("/-") }, "round \(round)")
        }
    }

    func testUnrelatedRandomPairsPatch() throws {
        var random = RandomPolicies(seed: 8)
        for round in 0..<500 {
            _ = try assertPatches(random.policy(), random.policy(), "round \(round)")
        }
    }

    /// Past the budget the one change is the whole policy; it too is a patch.
    func testSmallBudgetsGiveTheWholePolicyOrAPatch() throws {
        var random = RandomPolicies(seed: 99)
        var spent = 0
        for round in 0..<500 {
            let old = random.policy()
            let new = random.edited(old)
            let budget = DiffBudget(limit: random.below(60))
            let patch = try assertPatches(old, new, budget: budget, "round \(round)")
            if patch.changes.contains(where: { $0.path.isEmpty }) {
                spent += 1
                XCTAssertEqual(patch.changes, [FieldChange(path: "", old: try document(old), new: try document(new))], "round \(round)")
            } else {
                XCTAssertEqual(patch.changes, PolicyPatch(old: old, new: new).changes, "round \(round): the budget changes nothing else")
            }
        }
        XCTAssertGreaterThan(spent, 0)
        XCTAssertLessThan(spent, 500)
    }

    // MARK: One item is one change

    /// kubernetes → openshift inserts the OpenShift DNS rule into `loki-allow`'s egress,
    /// after the kubernetes DNS rule (spec order: DNS_K8S, DNS_OCP, then the Loki rule).
    func testOpenShiftDNSRuleIsOneInsertion() throws {
        let kubernetes = PolicyGenerator.policies(FlowMatrixReferenceTests.reference(.kubernetes, .static))
        let openshift = PolicyGenerator.policies(FlowMatrixReferenceTests.reference(.openshift, .static))
        let before = try XCTUnwrap(kubernetes.first { $0.name == "lokistack-dev-loki-allow" })
        let after = try XCTUnwrap(openshift.first { $0.name == "lokistack-dev-loki-allow" })
        let dnsRule: DiffValue = .object([
            "ports": .array([
                .object(["port": .number(5353), "protocol": .string("TCP")]),
                .object(["port": .number(5353), "protocol": .string("UDP")]),
            ]),
            "to": .array([
                .object([
                    "namespaceSelector": .object(["matchLabels": .object(["kubernetes.io/metadata.name": .string("openshift-dns")])]),
                    "podSelector": .object(["matchLabels": .object(["dns.operator.openshift.io/daemonset-dns": .string("default")])]),
                ])
            ]),
        ])
        let patch = try assertPatches(before, after, "loki-allow")
        XCTAssertEqual(patch.changes, [FieldChange(path: "/spec/egress/1", old: nil, new: dnsRule)])

        let diff = PolicyDiff.structured(old: kubernetes, new: openshift)
        XCTAssertEqual(diff.changed.first { $0.name == after.name }?.changes, patch.changes)
        XCTAssertTrue(
            String(decoding: diff.json(), as: UTF8.self).contains(
                #"{"changes":[{"new":{"ports":[{"port":5353,"protocol":"TCP"},{"port":5353,"protocol":"UDP"}],"to":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"openshift-dns"}},"podSelector":{"matchLabels":{"dns.operator.openshift.io/daemonset-dns":"default"}}}]},"path":"/spec/egress/1"}],"name":"lokistack-dev-loki-allow"}"#))
        // Every changed policy of this pair is a patch too.
        for change in diff.changed {
            let old = try XCTUnwrap(kubernetes.first { $0.name == change.name })
            let new = try XCTUnwrap(openshift.first { $0.name == change.name })
            _ = try assertPatches(old, new, change.name)
        }
    }

    func testRemovedPeerAndAddedPortAreWholeItems() throws {
        let a = NetworkPolicyPeer(namespaceSelector: .everything)
        let b = NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8"))
        let old = PolicyDiffTests.policy("x", egress: [NetworkPolicyEgressRule(to: [a, b], ports: [.tcp(80)])])
        let new = PolicyDiffTests.policy("x", egress: [NetworkPolicyEgressRule(to: [b], ports: [.tcp(80), .udp(53)])])
        XCTAssertEqual(try assertPatches(old, new, "").changes, [
            FieldChange(path: "/spec/egress/0/ports/1", old: nil, new: .object(["port": .number(53), "protocol": .string("UDP")])),
            FieldChange(path: "/spec/egress/0/to/0", old: .object(["namespaceSelector": .object([:])]), new: nil),
        ])
    }

    // MARK: Tie-break and gap order (api.md)

    private func valuesPolicy(_ values: [String]) -> NetworkPolicy {
        PolicyDiffTests.policy("x", select: LabelSelector(matchExpressions: [
            LabelSelectorRequirement(key: "k", operator: .in, values: values)]))
    }

    private let values = "/spec/podSelector/matchExpressions/0/values"

    /// Among alignments of equal length the one that keeps the earliest old items wins
    /// (then the earliest new items).
    func testTieBreakKeepsTheEarliestOldItems() throws {
        let cases: [(old: [String], new: [String], changes: [(String, String?, String?)])] = [
            // Keep "a" (old 0), not "b" (old 1).
            (["a", "b"], ["b", "a"], [("/0", nil, "b"), ("/2", "b", nil)]),
            // Keep the first "a" (old 1), not the last (old 2).
            (["b", "a", "a"], ["a"], [("/0", "b", nil), ("/1", "a", nil)]),
            (["a", "a"], ["a"], [("/1", "a", nil)]),
            (["a", "b", "a"], ["a"], [("/2", "a", nil), ("/1", "b", nil)]),
            // One old item, two places for it: the earliest new one.
            (["a"], ["b", "a", "a"], [("/0", nil, "b"), ("/2", nil, "a")]),
            // Unique items of a common tail are kept; a repeated one is aligned by the rule.
            (["x", "a", "c"], ["a", "y", "c"], [("/0", "x", nil), ("/1", nil, "y")]),
            (["c", "a", "c"], ["a", "c"], [("/0", "c", nil)]),
        ]
        for c in cases {
            let patch = try assertPatches(valuesPolicy(c.old), valuesPolicy(c.new), "\(c.old) → \(c.new)")
            XCTAssertEqual(
                patch.changes,
                c.changes.map { FieldChange(path: values + $0.0, old: $0.1.map(DiffValue.string), new: $0.2.map(DiffValue.string)) },
                "\(c.old) → \(c.new)")
        }
    }

    /// Within a gap: the paired items' changes first, then removals from the highest index
    /// down, then additions in ascending index; indices as the list stands at that point.
    func testGapOrder() throws {
        let cases: [(old: [String], new: [String], changes: [(String, String?, String?)])] = [
            // Gap 1: a,b,c → d (pair a→d, remove c then b); gap 2: y → f,g,h (pair y→f, add g, h).
            (["a", "b", "c", "x", "y"], ["d", "x", "f", "g", "h"], [
                ("/0", "a", "d"), ("/2", "c", nil), ("/1", "b", nil),
                ("/2", "y", "f"), ("/3", nil, "g"), ("/4", nil, "h"),
            ]),
            (["a", "b"], ["c", "d", "e"], [("/0", "a", "c"), ("/1", "b", "d"), ("/2", nil, "e")]),
            (["a", "b", "c"], [], []),  // the whole list: the key goes
            (["x", "a", "b", "x", "c", "d"], ["x", "x"], [("/2", "b", nil), ("/1", "a", nil), ("/3", "d", nil), ("/2", "c", nil)]),
        ]
        for c in cases {
            let patch = try assertPatches(valuesPolicy(c.old), valuesPolicy(c.new), "\(c.old) → \(c.new)")
            if c.new.isEmpty {
                XCTAssertEqual(patch.changes.map(\.path), ["/spec/podSelector/matchExpressions/0/values"])
                continue
            }
            XCTAssertEqual(
                patch.changes,
                c.changes.map { FieldChange(path: values + $0.0, old: $0.1.map(DiffValue.string), new: $0.2.map(DiffValue.string)) },
                "\(c.old) → \(c.new)")
        }
    }

    func testPairedItemsAreComparedFieldByField() throws {
        let old = PolicyDiffTests.policy("x", egress: [
            NetworkPolicyEgressRule(ports: [.tcp(1)]), NetworkPolicyEgressRule(ports: [.tcp(2)]),
        ])
        let new = PolicyDiffTests.policy("x", egress: [
            NetworkPolicyEgressRule(ports: [.udp(1)]), NetworkPolicyEgressRule(to: [NetworkPolicyPeer(podSelector: .everything)], ports: [.tcp(2)]),
        ])
        XCTAssertEqual(try assertPatches(old, new, "").changes, [
            FieldChange(path: "/spec/egress/0/ports/0/protocol", old: .string("TCP"), new: .string("UDP")),
            FieldChange(path: "/spec/egress/1/to", old: nil, new: .array([.object(["podSelector": .object([:])])])),
        ])
    }

    // MARK: Budget

    /// Two large, different selectors: the alignment would need more than the budget, so
    /// the one change is the whole policy, and the work done stays within the budget.
    func testLargeSelectorsSpendTheBudget() throws {
        func selectorPolicy(_ prefix: String) -> NetworkPolicy {
            PolicyDiffTests.policy("x", egress: [NetworkPolicyEgressRule(to: [NetworkPolicyPeer(podSelector: LabelSelector(
                matchExpressions: [LabelSelectorRequirement(key: "k", operator: .in, values: (0..<2000).map { "\(prefix)\($0 * 7 % 2000)" })]))])])
        }
        let old = selectorPolicy("a")
        let new = selectorPolicy("b")
        let patch = try assertPatches(old, new, "large")
        XCTAssertEqual(patch.changes, [FieldChange(path: "", old: try document(old), new: try document(new))])
        XCTAssertLessThanOrEqual(patch.operations, DiffBudget.operationsPerPolicy)
        XCTAssertLessThan(patch.operations, 10_000, "refused before the 2000 × 2000 table is built")

        // The same lists with one value inserted: head and tail are kept, one change.
        var inserted = old
        inserted.spec.egress[0].to[0].podSelector?.matchExpressions[0].values.insert("new", at: 1000)
        let small = try assertPatches(old, inserted, "insert")
        XCTAssertEqual(small.changes, [FieldChange(
            path: "/spec/egress/0/to/0/podSelector/matchExpressions/0/values/1000", old: nil, new: .string("new"))])
        XCTAssertLessThan(small.operations, 5000)
    }

    /// A list pair just inside the budget is aligned; the same pair with a smaller budget
    /// gives the whole policy.
    func testBudgetBoundaryIsExact() throws {
        let old = valuesPolicy((0..<300).map { "o\($0)" })
        let new = valuesPolicy((0..<300).map { "n\($0)" })
        let full = try assertPatches(old, new, "300 × 300")
        XCTAssertEqual(full.changes.count, 300)
        XCTAssertGreaterThan(full.operations, 300 * 300)
        let short = try assertPatches(old, new, budget: DiffBudget(limit: full.operations - 1), "one short")
        XCTAssertEqual(short.changes.map(\.path), [""])
        XCTAssertEqual(try assertPatches(old, new, budget: DiffBudget(limit: full.operations), "exact").changes, full.changes)
    }
}
