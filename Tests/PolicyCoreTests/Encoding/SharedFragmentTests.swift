import XCTest

@testable import PolicyCore

/// The encoders copy repeated fragments (values sharing array storage) from their first
/// encoding or from the library of static values. Random policies that share and do not
/// share storage, static values included, at every position and indentation, must encode
/// exactly as an independent serialisation of the model says.
final class SharedFragmentTests: XCTestCase {
    /// A small deterministic generator (SplitMix64).
    private struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[next(items.count)] }
    }

    func testRandomPoliciesWithSharedStorageEncodeExactly() throws {
        var random = Random(state: 42)
        // Shared values: each used many times, so their storage is shared copy-on-write.
        let labelMaps = [LabelMap([("a", "1")]), LabelMap([("app", "x"), ("tier", "true")]), LabelMap()]
        // The generator's static values too: their encodings come from the fragment library.
        let selectors =
            [Selectors.allLoki, Selectors.gateway, Selectors.ruler]
            + labelMaps.map { LabelSelector(matchLabels: $0) } + [
                LabelSelector(),
                LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "k", operator: .in, values: ["v", "1"])]),
                LabelSelector(
                    matchLabels: labelMaps[1],
                    matchExpressions: [LabelSelectorRequirement(key: "e", operator: .doesNotExist)]),
            ]
        let portLists: [[NetworkPolicyPort]] = [
            [.tcp(443)], [.tcp(53), .udp(53)], [NetworkPolicyPort(.sctp, port: .name("p"), endPort: nil)], [],
            Selectors.lokiPorts, Selectors.kubernetesDNS.ports,
        ]
        func randomPeer() -> NetworkPolicyPeer {
            NetworkPolicyPeer(
                podSelector: random.next(3) == 0 ? nil : random.pick(selectors),
                namespaceSelector: random.next(2) == 0 ? nil : random.pick(selectors),
                ipBlock: random.next(4) == 0 ? IPBlock(cidr: "10.0.0.0/8", except: random.next(2) == 0 ? [] : ["10.1.0.0/16"]) : nil)
        }
        let peerLists: [[NetworkPolicyPeer]] =
            (0..<4).map { _ in (0..<random.next(3)).map { _ in randomPeer() } }
            + [Selectors.kubernetesDNS.to, Selectors.openShiftDNS.to]
        func peers() -> [NetworkPolicyPeer] {
            // Either a shared list or a fresh one (fresh storage, shared selectors inside).
            random.next(2) == 0 ? random.pick(peerLists) : (0..<random.next(3)).map { _ in randomPeer() }
        }
        func ports() -> [NetworkPolicyPort] {
            random.next(2) == 0 ? random.pick(portLists) : (0..<random.next(3)).map { _ in .tcp(1 + random.next(65535)) }
        }
        for round in 0..<200 {
            let policies = (0..<(1 + random.next(6))).map { i in
                NetworkPolicy(
                    name: "p\(round)-\(i)", namespace: "ns", labels: random.pick(labelMaps),
                    spec: NetworkPolicySpec(
                        podSelector: random.pick(selectors),
                        policyTypes: random.next(2) == 0 ? [.ingress] : [.egress, .ingress],
                        ingress: (0..<random.next(3)).map { _ in NetworkPolicyIngressRule(from: peers(), ports: ports()) },
                        egress: (0..<random.next(3)).map { _ in NetworkPolicyEgressRule(to: peers(), ports: ports()) }))
            }
            let expected = Tree.policyList(policies)
            XCTAssertEqual(
                String(decoding: PolicyEncoding.canonicalListJSON(policies), as: UTF8.self),
                String(decoding: expected.canonicalJSON(), as: UTF8.self), "round \(round)")
            let docs = try Tree.fromYAML(PolicyEncoding.yaml(policies))
            XCTAssertEqual(docs, policies.map(Tree.init), "round \(round)")
            // A policy encoded alone equals its part of the stream.
            XCTAssertEqual(
                String(decoding: PolicyEncoding.yaml(policies), as: UTF8.self),
                String(decoding: policies.flatMap { PolicyEncoding.yaml($0) }, as: UTF8.self), "round \(round)")
        }
    }
}
