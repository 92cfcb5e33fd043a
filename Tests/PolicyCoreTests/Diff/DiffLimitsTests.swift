import XCTest

@testable import PolicyCore

/// Two renders at the input limits (issue 8): the Prometheus peer with 64 labels and 32
/// expressions of 256 values in each selector, 14,750 Alertmanager ports and 3,328 object
/// storage ports, every value different between the two. Each policy's diff stays within
/// its budget, JSON and text.
final class DiffLimitsTests: XCTestCase {
    static func options(_ tag: String) -> RenderOptions {
        var options = TextDiffTests.options()
        options.prometheus = NetworkPolicyPeer(
            podSelector: LabelSelector(
                matchLabels: LabelMap((0..<64).map { ("label-\(tag)-\($0)", "value-\(tag)-\($0)") }),
                matchExpressions: (0..<32).map { e in
                    LabelSelectorRequirement(key: "key-\(e)", operator: .in, values: (0..<256).map { "v\(tag)\(e)-\($0)" })
                }),
            namespaceSelector: LabelSelector(
                matchExpressions: (0..<32).map { e in
                    LabelSelectorRequirement(key: "ns-\(e)", operator: .notIn, values: (0..<256).map { "n\(tag)\(e)-\($0)" })
                }))
        options.alertmanagerPorts = Array(stride(from: tag == "a" ? 1000 : 1001, to: 60000, by: 4))
        options.objectStoragePorts = Array(stride(from: tag == "a" ? 2000 : 2002, to: 2000 + 3328 * 2, by: 2))
        return options
    }

    func testEveryPolicyStaysWithinTheBudget() throws {
        let old = PolicyGenerator.policies(Self.options("a"))
        let new = PolicyGenerator.policies(Self.options("b"))
        var replacedWhole: [String] = []
        var patched: [String] = []
        for (before, after) in zip(old, new) where before != after {
            let patch = PolicyPatch(old: before, new: after)
            XCTAssertLessThanOrEqual(patch.operations, DiffBudget.operationsPerPolicy, before.name)
            if patch.changes.map(\.path) == [""] { replacedWhole.append(after.name) } else { patched.append(after.name) }

            var budget = DiffBudget()
            var numbers: [String: Int] = [:]
            func lines(_ policy: NetworkPolicy) -> [Int] {
                String(decoding: PolicyEncoding.yaml(policy), as: UTF8.self).split(separator: "\n").map { line in
                    if let number = numbers[String(line)] { return number }
                    numbers[String(line)] = numbers.count
                    return numbers.count - 1
                }
            }
            _ = try? ShortestEdit(old: lines(before), new: lines(after), budget: &budget)
            XCTAssertLessThanOrEqual(budget.spent, DiffBudget.operationsPerPolicy, before.name)
        }
        // The metrics policies spend most of the budget on the selectors' tables before they
        // give up; the 14,750 × 14,750 ports table is refused at once.
        XCTAssertEqual(replacedWhole, [
            "lokistack-dev-loki-allow-metrics", "lokistack-dev-gateway-allow-metrics", "lokistack-dev-ruler-allow-alert-egress",
        ])
        // Ports shifted by one value keep their common tail: a patch, not a whole policy.
        XCTAssertEqual(patched, ["lokistack-dev-loki-allow-bucket-egress"])
    }
}

extension DiffLimitsTests {
    /// A 256-value selector expression (the input limit) rewritten whole is an ordinary
    /// diff, well within the budget, in JSON and in text.
    func testLargestNormalRewriteStaysWellWithinTheBudget() throws {
        func policy(_ tag: String) -> NetworkPolicy {
            PolicyDiffTests.policy("x", select: LabelSelector(matchExpressions: [
                LabelSelectorRequirement(key: "k", operator: .in, values: (0..<256).map { "\(tag)\($0)" })]))
        }
        let patch = PolicyPatch(old: policy("a"), new: policy("b"))
        XCTAssertEqual(patch.changes.count, 256)
        XCTAssertLessThan(patch.operations, DiffBudget.operationsPerPolicy / 4)
        var budget = DiffBudget()
        let edit = try ShortestEdit(old: Array(0..<256), new: Array(256..<512), budget: &budget)
        XCTAssertEqual(edit.removed.count, 256)
        XCTAssertLessThan(budget.spent, DiffBudget.operationsPerPolicy / 3)
    }
}
