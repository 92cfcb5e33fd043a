import Foundation
import XCTest

@testable import PolicyCore

/// The structured diff compares the canonical JSON the project writes.
final class PolicyTreeTests: XCTestCase {
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

    func testTreeIsTheCanonicalJSON() throws {
        for policy in Self.samplePolicies {
            var table = ValueTable()
            let id = PolicyTree.add(policy, to: &table)
            XCTAssertEqual(table.value(id), try JSONPatch.value(json: PolicyEncoding.canonicalJSON(policy)), policy.name)
            // Written back, the value is the canonical JSON byte for byte (keys in code point order).
            XCTAssertEqual(table.value(id).description, String(decoding: PolicyEncoding.canonicalJSON(policy), as: UTF8.self))
        }
    }

    func testEqualValuesShareOneID() {
        var table = ValueTable()
        let policy = Self.samplePolicies[0]
        let first = PolicyTree.add(policy, to: &table)
        XCTAssertEqual(PolicyTree.add(policy, to: &table), first)
        XCTAssertEqual(PolicyTree.add(Self.samplePolicies[1], to: &table), PolicyTree.add(Self.samplePolicies[1], to: &table))
        XCTAssertNotEqual(PolicyTree.add(Self.samplePolicies[1], to: &table), first)
        XCTAssertEqual(table.array([table.number(1), table.string("a")]), table.array([table.number(1), table.string("a")]))
        XCTAssertNotEqual(table.array([table.number(1)]), table.object([("1", table.number(1))]))
        XCTAssertEqual(table.number(3100), table.number(3100))
        XCTAssertNotEqual(table.number(3100), table.string("3100"))
    }
}
