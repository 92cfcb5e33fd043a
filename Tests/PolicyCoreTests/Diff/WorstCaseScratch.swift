import XCTest

@testable import PolicyCore

final class WorstCaseScratch: XCTestCase {
    static func options(_ tag: String) -> RenderOptions {
        var o = TextDiffTests.options()
        o.prometheus = NetworkPolicyPeer(
            podSelector: LabelSelector(
                matchLabels: LabelMap((0..<64).map { ("label-\(tag)-\($0)", "value-\(tag)-\($0)") }),
                matchExpressions: (0..<32).map { e in
                    LabelSelectorRequirement(key: "key-\(e)", operator: .in, values: (0..<256).map { "v\(tag)\(e)-\($0)" })
                }),
            namespaceSelector: LabelSelector(
                matchExpressions: (0..<32).map { e in
                    LabelSelectorRequirement(key: "ns-\(e)", operator: .notIn, values: (0..<256).map { "n\(tag)\(e)-\($0)" })
                }))
        o.alertmanagerPorts = Array(stride(from: tag == "a" ? 1000 : 1001, to: 60000, by: 4))
        o.objectStoragePorts = Array(stride(from: tag == "a" ? 2000 : 2002, to: 2000 + 3328 * 2, by: 2))
        return o
    }

    func testMeasure() {
        let old = PolicyGenerator.policies(Self.options("a"))
        let new = PolicyGenerator.policies(Self.options("b"))
        var totalJSON = 0, totalText = 0, bytes = 0
        for (before, after) in zip(old, new) where before != after {
            bytes += PolicyEncoding.canonicalJSON(before).count
            let patch = PolicyPatch(old: before, new: after)
            totalJSON += patch.operations
            let a = String(decoding: PolicyEncoding.yaml(before), as: UTF8.self)
            let b = String(decoding: PolicyEncoding.yaml(after), as: UTF8.self)
            var budget = DiffBudget()
            let la = a.split(separator: "\n").map(String.init), lb = b.split(separator: "\n").map(String.init)
            var ids: [String: Int] = [:]
            let ia = la.map { l in ids[l] ?? { ids[l] = ids.count; return ids.count - 1 }() }
            let ib = lb.map { l in ids[l] ?? { ids[l] = ids.count; return ids.count - 1 }() }
            let spent: String
            do { _ = try ShortestEdit(old: ia, new: ib, budget: &budget); spent = "ok" } catch { spent = "SPENT" }
            totalText += budget.spent
            print("WORST \(before.name): json ops \(patch.operations) whole=\(patch.changes.first?.path == "") text ops \(budget.spent) \(spent) lines \(la.count)/\(lb.count) bytes \(PolicyEncoding.canonicalJSON(before).count)")
        }
        print("WORST total json \(totalJSON) text \(totalText) bytes \(bytes)")
    }
}
