import Foundation
import XCTest

@testable import PolicyCore

/// The structured diff's leaves are those of the canonical JSON the project writes.
final class PolicyLeavesTests: XCTestCase {
    static var samplePolicies: [NetworkPolicy] {
        var result: [NetworkPolicy] = []
        for platform in Platform.allCases {
            for mode in [nil] + TenantsMode.allCases {
                let options = FlowMatrixReferenceTests.reference(platform, mode)
                result += PolicyGenerator.policies(options)
            }
        }
        // Shapes the generator never writes but a rendered input may hold.
        result.append(NetworkPolicy(
            name: "exotic", namespace: "ns", labels: LabelMap(),
            spec: NetworkPolicySpec(
                podSelector: LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a/b~c", operator: .exists)]),
                policyTypes: [.ingress, .egress],
                ingress: [NetworkPolicyIngressRule(), NetworkPolicyIngressRule(from: [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8", except: ["10.1.0.0/16"]))])],
                egress: [NetworkPolicyEgressRule(to: [NetworkPolicyPeer(podSelector: .everything)], ports: [
                    NetworkPolicyPort(.sctp, port: .name("x")), NetworkPolicyPort(.udp, port: nil),
                    NetworkPolicyPort(.tcp, port: .number(1000), endPort: 2000)])])))
        return result
    }

    func testLeavesMatchTheCanonicalJSON() throws {
        for policy in Self.samplePolicies {
            let json = try JSONSerialization.jsonObject(with: Data(PolicyEncoding.canonicalJSON(policy)))
            var expected: [String: String] = [:]
            flatten(json, path: "", into: &expected)
            let leaves = PolicyLeaves(policy).leaves
            var actual: [String: String] = [:]
            for leaf in leaves { actual[leaf.path] = leaf.value.description }
            XCTAssertEqual(actual, expected, policy.name)
            XCTAssertEqual(leaves.count, actual.count, "unique paths: \(policy.name)")
            for (a, b) in zip(leaves, leaves.dropFirst()) {
                XCTAssertTrue(PolicyLeaves.precedes(a.path, b.path), "\(a.path) before \(b.path)")
            }
        }
    }

    private func flatten(_ value: Any, path: String, into leaves: inout [String: String]) {
        switch value {
        case let object as [String: Any]:
            if object.isEmpty { leaves[path] = "{}" }
            for (key, child) in object {
                let token = key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                flatten(child, path: path + "/" + token, into: &leaves)
            }
        case let array as [Any]:
            if array.isEmpty { leaves[path] = "[]" }
            for (index, child) in array.enumerated() { flatten(child, path: "\(path)/\(index)", into: &leaves) }
        case let string as String:
            leaves[path] = "\"\(string)\""
        case let number as NSNumber:
            leaves[path] = number.stringValue
        default:
            leaves[path] = "?"
        }
    }
}
