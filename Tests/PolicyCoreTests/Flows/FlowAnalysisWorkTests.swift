import XCTest

@testable import PolicyCore

/// The flow matrix's work is bounded by the size of the policies, counted in operations (never
/// timed): supplementary policies at the list limits cost a bounded multiple of a typical stack
/// (issues 8 and 12; docs/limits.md "Work").
final class FlowAnalysisWorkTests: XCTestCase {
    static let stackLabels: LabelMap = ["app.kubernetes.io/name": "lokistack", "app.kubernetes.io/instance": "lokistack-dev"]

    /// `count` supplementary policies selecting every pod of the stack, isolating both directions,
    /// each with `rules` rules per direction of `peers` peers and `ports` ports: every peer but the
    /// last an `ipBlock` no model address is in (the last one every pod of every namespace), every
    /// port but the last one no model pod listens on (the last 3100). Distinct everywhere, so that
    /// nothing can be shared, and the allowing peer and port come last.
    static func worst(count: Int, rules: Int, peers: Int, ports: Int) -> [NetworkPolicy] {
        (0..<count).map { p in
            func peerList(_ r: Int) -> [NetworkPolicyPeer] {
                (0..<peers - 1).map { k in
                    NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.\(p).\(r % 256).\(k % 256)/32"))
                } + [NetworkPolicyPeer(namespaceSelector: .everything)]
            }
            func portList(_ r: Int) -> [NetworkPolicyPort] {
                (0..<ports - 1).map { k in .tcp(20_000 + (p * rules + r) * 64 + k) } + [.tcp(3100)]
            }
            return NetworkPolicy(
                name: "supplementary-\(p)", namespace: "loki", labels: [:],
                spec: NetworkPolicySpec(
                    podSelector: LabelSelector(matchLabels: stackLabels), policyTypes: [.ingress, .egress],
                    ingress: (0..<rules).map { NetworkPolicyIngressRule(from: peerList($0), ports: portList($0)) },
                    egress: (0..<rules).map { NetworkPolicyEgressRule(to: peerList($0 + rules), ports: portList($0 + rules)) }))
        }
    }

    /// The bound of docs/limits.md ("Work", flow matrix), for `policies` over `model`: with E
    /// endpoints, P policies, R rules, K peers (rule by rule), N port entries, and per endpoint d
    /// probed as a destination W_d = ⌈probed ports / 64⌉ mask words, and the (source, destination)
    /// pairs the matrix visits:
    /// E·(2K + R + 2P) + Σ_d (R·(1 + 2W_d) + N·(5 + W_d)) + Σ_pairs 2·(P·(1 + 65·W_d) + R·(1 + W_d)).
    static func bound(model: FlowModel, policies: [NetworkPolicy]) -> Int {
        let p = policies.count
        var r = 0, k = 0, n = 0
        for policy in policies {
            for rule in policy.spec.ingress { r += 1; k += rule.from.count; n += rule.ports.count }
            for rule in policy.spec.egress { r += 1; k += rule.to.count; n += rule.ports.count }
        }
        var probed = Array(repeating: Set<FlowPort>(), count: model.endpoints.count)
        var pairs: [Int] = []  // destination of each pair
        for row in FlowComponent.allCases.indices {
            let listening = model.listeningPorts(row)
            probed[row].formUnion(listening)
            for sources in model.ingressClasses { for source in sources where source != row && !listening.isEmpty { pairs.append(row) } }
            for targets in model.egressClasses {
                for target in targets where target.index != row && !target.ports.isEmpty {
                    probed[target.index].formUnion(target.ports)
                    pairs.append(target.index)
                }
            }
        }
        let words = probed.map { ($0.count + 63) / 64 }
        var bound = model.endpoints.count * (2 * k + r + 2 * p)
        for w in words where w > 0 { bound += r * (1 + 2 * w) + n * (5 + w) }
        for d in pairs { bound += 2 * (p * (1 + 65 * words[d]) + r * (1 + words[d])) }
        return bound
    }

    private func work(_ options: RenderOptions, _ supplementary: [NetworkPolicy]) -> (FlowMatrix, Int) {
        var work = 0
        let matrix = FlowAnalysis.matrix(
            model: FlowModel(options: options), policies: PolicyGenerator.policies(options) + supplementary,
            enablement: options.enablement, attributed: !supplementary.isEmpty,
            supplementary: supplementary.map(\.name), work: &work)
        return (matrix, work)
    }

    /// Supplementary policies of the worst shape (8 policies × 2 × 32 rules × 64 peers × 64 ports:
    /// 32,768 peers and 32,768 port entries) cost at most the bound, linear in the peers, ports and
    /// rules (1.4 million operations; evaluating every peer and port per probed port cost 23 million).
    func testWorstSupplementaryPoliciesCostAtMostTheBound() {
        let options = FlowAnalysisTests.options(platform: .openshift, enablement: .enabledExplicitly)
        let supplementary = Self.worst(count: 8, rules: 32, peers: 64, ports: 64)
        let (matrix, spent) = work(options, supplementary)
        let bound = Self.bound(model: FlowModel(options: options), policies: PolicyGenerator.policies(options) + supplementary)
        XCTAssertLessThanOrEqual(spent, bound)
        // The bound is linear: about 40 operations per peer and per port here.
        XCTAssertLessThan(bound, 40 * (2 * 8 * 32 * 64 * 2) + 2_000_000)
        // The supplementary policies are evaluated: 3100 opens to other namespaces.
        XCTAssertEqual(matrix.ingress[0][.otherNamespace], [.tcp(3100)])
    }

    /// Far more probed ports than an input can give (OBJSTORE_PORTS are a handful, AM_PORTS at most
    /// 256) and 2,048 distinct port lists stay inside the bound too (1.8 million operations; 217
    /// million before).
    func testManyProbedPortsAndPortListsStayInsideTheBound() {
        let options = FlowAnalysisTests.options(
            platform: .openshift, enablement: .enabledExplicitly, objectStoragePorts: Array(1...3_328), alertmanagerPorts: Array(9_000..<9_256))
        let supplementary = Self.worst(count: 32, rules: 64, peers: 2, ports: 2)
        let (_, spent) = work(options, supplementary)
        XCTAssertLessThanOrEqual(
            spent, Self.bound(model: FlowModel(options: options), policies: PolicyGenerator.policies(options) + supplementary))
    }

    /// The typical stack's matrix, for scale: the bound is a small multiple of it.
    func testTypicalStackWork() {
        let options = FlowAnalysisTests.options(platform: .openshift, enablement: .enabledExplicitly)
        let (_, spent) = work(options, [])
        XCTAssertLessThanOrEqual(spent, Self.bound(model: FlowModel(options: options), policies: PolicyGenerator.policies(options)))
        XCTAssertLessThan(spent, 20_000)
    }
}
