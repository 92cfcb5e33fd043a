import XCTest

@testable import PolicyCore

/// One rule of Kubernetes NetworkPolicy semantics per case: the policies, a connection, the verdict.
final class PolicyEvaluatorTests: XCTestCase {
    struct Case {
        let name: String
        let policies: [NetworkPolicy]
        let from: ClusterEndpoint
        let to: ClusterEndpoint
        var proto: PortProtocol = .tcp
        let port: Int
        let allowed: Bool
    }

    // MARK: Fixtures

    static let web = ClusterPod(
        name: "web", namespace: "app", labels: ["app": "web", "tier": "front"],
        ports: [PodPort(.tcp, 8080, name: "http"), PodPort(.udp, 5000, name: "stats")])
    static let db = ClusterPod(
        name: "db", namespace: "app", labels: ["app": "db"], ports: [PodPort(.tcp, 5432)])
    static let client = ClusterPod(
        name: "client", namespace: "clients", namespaceLabels: ["kubernetes.io/metadata.name": "clients", "team": "a"],
        labels: ["app": "client"], ports: [])
    static let other = ClusterPod(
        name: "other", namespace: "elsewhere", labels: ["app": "client"], ports: [])
    static let outside4 = ClusterEndpoint.outside(IPAddress("203.0.113.10")!)
    static let outside6 = ClusterEndpoint.outside(IPAddress("2001:db8::10")!)

    static func policy(
        _ namespace: String = "app", select: LabelSelector, types: [PolicyType],
        ingress: [NetworkPolicyIngressRule] = [], egress: [NetworkPolicyEgressRule] = []
    ) -> NetworkPolicy {
        NetworkPolicy(
            name: "p", namespace: namespace, labels: LabelMap(),
            spec: NetworkPolicySpec(podSelector: select, policyTypes: types, ingress: ingress, egress: egress))
    }

    /// Ingress to `web` only from peers, on ports.
    static func webIngress(_ peers: [NetworkPolicyPeer], ports: [NetworkPolicyPort] = []) -> NetworkPolicy {
        policy(select: LabelSelector(matchLabels: ["app": "web"]), types: [.ingress],
               ingress: [NetworkPolicyIngressRule(from: peers, ports: ports)])
    }

    static func selector(_ key: String, _ op: LabelSelectorRequirement.Operator, _ values: [String] = []) -> LabelSelector {
        LabelSelector(matchExpressions: [LabelSelectorRequirement(key: key, operator: op, values: values)])
    }

    static let clientPeer = NetworkPolicyPeer(podSelector: LabelSelector(matchLabels: ["app": "client"]),
                                              namespaceSelector: LabelSelector.everything)

    static func ipPeer(_ cidr: String, except: [String] = []) -> NetworkPolicyPeer {
        NetworkPolicyPeer(ipBlock: IPBlock(cidr: cidr, except: except))
    }

    static func egressFromWeb(_ peers: [NetworkPolicyPeer], ports: [NetworkPolicyPort] = []) -> NetworkPolicy {
        policy(select: LabelSelector(matchLabels: ["app": "web"]), types: [.egress],
               egress: [NetworkPolicyEgressRule(to: peers, ports: ports)])
    }

    func run(_ cases: [Case], file: StaticString = #filePath, line: UInt = #line) {
        for c in cases {
            let evaluator = PolicyEvaluator(policies: c.policies)
            XCTAssertEqual(
                evaluator.allows(from: c.from, to: c.to, protocol: c.proto, port: c.port), c.allowed, c.name,
                file: file, line: line)
        }
    }

    // MARK: Selectors

    func testLabelSelectorOperators() {
        let t = Self.self
        let c = ClusterEndpoint.pod(t.client)
        let w = ClusterEndpoint.pod(t.web)
        func peer(_ s: LabelSelector) -> [NetworkPolicyPeer] {
            [NetworkPolicyPeer(podSelector: s, namespaceSelector: .everything)]
        }
        run([
            Case(name: "matchLabels equal", policies: [t.webIngress(peer(LabelSelector(matchLabels: ["app": "client"])))], from: c, to: w, port: 8080, allowed: true),
            Case(name: "matchLabels different value", policies: [t.webIngress(peer(LabelSelector(matchLabels: ["app": "db"])))], from: c, to: w, port: 8080, allowed: false),
            Case(name: "matchLabels missing key", policies: [t.webIngress(peer(LabelSelector(matchLabels: ["app": "client", "x": "y"])))], from: c, to: w, port: 8080, allowed: false),
            Case(name: "In with value", policies: [t.webIngress(peer(t.selector("app", .in, ["db", "client"])))], from: c, to: w, port: 8080, allowed: true),
            Case(name: "In without value", policies: [t.webIngress(peer(t.selector("app", .in, ["db"])))], from: c, to: w, port: 8080, allowed: false),
            Case(name: "In on absent key", policies: [t.webIngress(peer(t.selector("zone", .in, ["a"])))], from: c, to: w, port: 8080, allowed: false),
            Case(name: "NotIn with other value", policies: [t.webIngress(peer(t.selector("app", .notIn, ["db"])))], from: c, to: w, port: 8080, allowed: true),
            Case(name: "NotIn with the value", policies: [t.webIngress(peer(t.selector("app", .notIn, ["client"])))], from: c, to: w, port: 8080, allowed: false),
            Case(name: "NotIn on absent key matches", policies: [t.webIngress(peer(t.selector("zone", .notIn, ["a"])))], from: c, to: w, port: 8080, allowed: true),
            Case(name: "Exists present", policies: [t.webIngress(peer(t.selector("app", .exists)))], from: c, to: w, port: 8080, allowed: true),
            Case(name: "Exists absent", policies: [t.webIngress(peer(t.selector("zone", .exists)))], from: c, to: w, port: 8080, allowed: false),
            Case(name: "DoesNotExist absent", policies: [t.webIngress(peer(t.selector("zone", .doesNotExist)))], from: c, to: w, port: 8080, allowed: true),
            Case(name: "DoesNotExist present", policies: [t.webIngress(peer(t.selector("app", .doesNotExist)))], from: c, to: w, port: 8080, allowed: false),
            Case(name: "empty podSelector = all pods", policies: [t.webIngress(peer(.everything))], from: c, to: w, port: 8080, allowed: true),
        ])
    }

    func testNamespaceScoping() {
        let t = Self.self
        let c = ClusterEndpoint.pod(t.client)
        let w = ClusterEndpoint.pod(t.web)
        let d = ClusterEndpoint.pod(t.db)
        let o = ClusterEndpoint.pod(t.other)
        let clientSelector = LabelSelector(matchLabels: ["app": "client"])
        let dbSelector = LabelSelector(matchLabels: ["app": "db"])
        let denyAllIngressElsewhere = t.policy("elsewhere", select: .everything, types: [.ingress])
        run([
            Case(name: "a policy of another namespace does not isolate", policies: [t.policy("clients", select: .everything, types: [.ingress])], from: c, to: w, port: 8080, allowed: true),
            Case(name: "a policy isolates pods of its own namespace", policies: [t.policy(select: .everything, types: [.ingress])], from: c, to: w, port: 8080, allowed: false),
            Case(name: "podSelector alone = own namespace (same ns)", policies: [t.webIngress([NetworkPolicyPeer(podSelector: dbSelector)])], from: d, to: w, port: 8080, allowed: true),
            Case(name: "podSelector alone = own namespace (other ns)", policies: [t.webIngress([NetworkPolicyPeer(podSelector: clientSelector)])], from: c, to: w, port: 8080, allowed: false),
            Case(name: "namespaceSelector alone = all pods there", policies: [t.webIngress([NetworkPolicyPeer(namespaceSelector: LabelSelector(matchLabels: ["team": "a"]))])], from: c, to: w, port: 8080, allowed: true),
            Case(name: "namespaceSelector alone excludes other namespaces", policies: [t.webIngress([NetworkPolicyPeer(namespaceSelector: LabelSelector(matchLabels: ["team": "a"]))])], from: o, to: w, port: 8080, allowed: false),
            Case(name: "namespaceSelector {} = every namespace", policies: [t.webIngress([NetworkPolicyPeer(namespaceSelector: .everything)])], from: o, to: w, port: 8080, allowed: true),
            Case(name: "both selectors must match", policies: [t.webIngress([NetworkPolicyPeer(podSelector: dbSelector, namespaceSelector: .everything)])], from: c, to: w, port: 8080, allowed: false),
            Case(name: "namespace name label", policies: [t.webIngress([NetworkPolicyPeer(podSelector: clientSelector, namespaceSelector: LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "elsewhere"]))])], from: o, to: w, port: 8080, allowed: true),
            Case(name: "unrelated namespace's deny does not reach app", policies: [denyAllIngressElsewhere], from: o, to: w, port: 8080, allowed: true),
            Case(name: "a peer with neither selector matches nothing", policies: [t.webIngress([NetworkPolicyPeer()])], from: d, to: w, port: 8080, allowed: false),
            Case(name: "selectors never match outside addresses", policies: [t.webIngress([NetworkPolicyPeer(namespaceSelector: .everything)])], from: t.outside4, to: w, port: 8080, allowed: false),
        ])
    }

    // MARK: ipBlock

    func testIPBlocks() {
        let t = Self.self
        let w = ClusterEndpoint.pod(t.web)
        let d = ClusterEndpoint.pod(t.db)
        func out(_ a: String) -> ClusterEndpoint { .outside(IPAddress(a)!) }
        run([
            Case(name: "ingress from inside cidr", policies: [t.webIngress([t.ipPeer("203.0.113.0/24")])], from: t.outside4, to: w, port: 8080, allowed: true),
            Case(name: "ingress from outside cidr", policies: [t.webIngress([t.ipPeer("198.51.100.0/24")])], from: t.outside4, to: w, port: 8080, allowed: false),
            Case(name: "except excludes", policies: [t.webIngress([t.ipPeer("203.0.113.0/24", except: ["203.0.113.8/29"])])], from: t.outside4, to: w, port: 8080, allowed: false),
            Case(name: "except elsewhere keeps", policies: [t.webIngress([t.ipPeer("203.0.113.0/24", except: ["203.0.113.0/29"])])], from: t.outside4, to: w, port: 8080, allowed: true),
            Case(name: "0.0.0.0/0", policies: [t.egressFromWeb([t.ipPeer("0.0.0.0/0")])], from: w, to: out("192.0.2.1"), port: 443, allowed: true),
            Case(name: "/32 exact", policies: [t.egressFromWeb([t.ipPeer("192.0.2.1/32")])], from: w, to: out("192.0.2.2"), port: 443, allowed: false),
            Case(name: "host bits in cidr ignored", policies: [t.egressFromWeb([t.ipPeer("192.0.2.77/24")])], from: w, to: out("192.0.2.2"), port: 443, allowed: true),
            Case(name: "IPv6 inside", policies: [t.egressFromWeb([t.ipPeer("2001:db8::/32")])], from: w, to: t.outside6, port: 443, allowed: true),
            Case(name: "IPv6 except", policies: [t.egressFromWeb([t.ipPeer("2001:db8::/32", except: ["2001:db8::/64"])])], from: w, to: t.outside6, port: 443, allowed: false),
            Case(name: "IPv6 /127 boundary", policies: [t.egressFromWeb([t.ipPeer("2001:db8::10/127")])], from: w, to: out("2001:db8::11"), port: 443, allowed: true),
            Case(name: "IPv4 block never matches IPv6", policies: [t.egressFromWeb([t.ipPeer("0.0.0.0/0")])], from: w, to: t.outside6, port: 443, allowed: false),
            Case(name: "IPv6 ::/0 never matches IPv4", policies: [t.egressFromWeb([t.ipPeer("::/0")])], from: w, to: t.outside4, port: 443, allowed: false),
            Case(name: "ipBlock never matches a pod", policies: [t.egressFromWeb([t.ipPeer("0.0.0.0/0")])], from: w, to: d, port: 5432, allowed: false),
            Case(name: "invalid cidr matches nothing", policies: [t.egressFromWeb([t.ipPeer("203.0.113.0/33")])], from: w, to: t.outside4, port: 443, allowed: false),
            Case(name: "invalid except voids the peer", policies: [t.egressFromWeb([t.ipPeer("0.0.0.0/0", except: ["x"])])], from: w, to: t.outside4, port: 443, allowed: false),
            Case(name: "ipBlock with a selector matches nothing", policies: [t.egressFromWeb([NetworkPolicyPeer(namespaceSelector: .everything, ipBlock: IPBlock(cidr: "0.0.0.0/0"))])], from: w, to: t.outside4, port: 443, allowed: false),
        ])
    }

    // MARK: Ports

    func testPorts() {
        let t = Self.self
        let c = ClusterEndpoint.pod(t.client)
        let w = ClusterEndpoint.pod(t.web)
        let d = ClusterEndpoint.pod(t.db)
        let peers = [t.clientPeer]
        run([
            Case(name: "numeric port", policies: [t.webIngress(peers, ports: [.tcp(8080)])], from: c, to: w, port: 8080, allowed: true),
            Case(name: "other numeric port", policies: [t.webIngress(peers, ports: [.tcp(8081)])], from: c, to: w, port: 8080, allowed: false),
            Case(name: "protocol must match", policies: [t.webIngress(peers, ports: [.udp(8080)])], from: c, to: w, port: 8080, allowed: false),
            Case(name: "UDP", policies: [t.webIngress(peers, ports: [.udp(5000)])], from: c, to: w, proto: .udp, port: 5000, allowed: true),
            Case(name: "SCTP", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.sctp, port: .number(9000))])], from: c, to: w, proto: .sctp, port: 9000, allowed: true),
            Case(name: "endPort range start", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.tcp, port: .number(8000), endPort: 8080)])], from: c, to: w, port: 8000, allowed: true),
            Case(name: "endPort range end", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.tcp, port: .number(8000), endPort: 8080)])], from: c, to: w, port: 8080, allowed: true),
            Case(name: "endPort range past end", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.tcp, port: .number(8000), endPort: 8079)])], from: c, to: w, port: 8080, allowed: false),
            Case(name: "endPort below port matches nothing", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.tcp, port: .number(8080), endPort: 8000)])], from: c, to: w, port: 8080, allowed: false),
            Case(name: "named port resolves on the destination", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.tcp, port: .name("http"))])], from: c, to: w, port: 8080, allowed: true),
            Case(name: "named port only at its number", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.tcp, port: .name("http"))])], from: c, to: w, port: 8081, allowed: false),
            Case(name: "named port with the wrong protocol", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.udp, port: .name("http"))])], from: c, to: w, proto: .udp, port: 8080, allowed: false),
            Case(name: "unknown port name", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.tcp, port: .name("grpc"))])], from: c, to: w, port: 8080, allowed: false),
            Case(name: "egress named port resolves on the destination pod", policies: [t.egressFromWeb([], ports: [NetworkPolicyPort(.udp, port: .name("stats"))])], from: d, to: w, proto: .udp, port: 5000, allowed: true),
            Case(name: "egress named port: destination without names", policies: [t.egressFromWeb([], ports: [NetworkPolicyPort(.tcp, port: .name("http"))])], from: w, to: d, port: 5432, allowed: false),
            Case(name: "egress named port never matches an outside address", policies: [t.egressFromWeb([], ports: [NetworkPolicyPort(.tcp, port: .name("http"))])], from: w, to: t.outside4, port: 8080, allowed: false),
            Case(name: "port omitted = every port of the protocol", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.tcp, port: nil)])], from: c, to: w, port: 8080, allowed: true),
            Case(name: "port omitted keeps the protocol", policies: [t.webIngress(peers, ports: [NetworkPolicyPort(.tcp, port: nil)])], from: c, to: w, proto: .udp, port: 5000, allowed: false),
            Case(name: "port list omitted = all", policies: [t.webIngress(peers)], from: c, to: w, proto: .udp, port: 5000, allowed: true),
            Case(name: "ports are ORed", policies: [t.webIngress(peers, ports: [.tcp(1), .udp(5000)])], from: c, to: w, proto: .udp, port: 5000, allowed: true),
        ])
    }

    // MARK: Isolation and combination

    func testIsolationAndCombination() {
        let t = Self.self
        let c = ClusterEndpoint.pod(t.client)
        let w = ClusterEndpoint.pod(t.web)
        let d = ClusterEndpoint.pod(t.db)
        let webSel = LabelSelector(matchLabels: ["app": "web"])
        let dbSel = LabelSelector(matchLabels: ["app": "db"])
        let denyWebIngress = t.policy(select: webSel, types: [.ingress])
        let denyWebEgress = t.policy(select: webSel, types: [.egress])
        let allowWebToDB = t.egressFromWeb([NetworkPolicyPeer(podSelector: dbSel)], ports: [.tcp(5432)])
        let denyDBIngress = t.policy(select: dbSel, types: [.ingress])
        let allowDBFromWeb = t.policy(select: dbSel, types: [.ingress], ingress: [NetworkPolicyIngressRule(from: [NetworkPolicyPeer(podSelector: webSel)])])
        run([
            Case(name: "no policy: allowed", policies: [], from: c, to: w, port: 8080, allowed: true),
            Case(name: "ingress isolation without rules denies", policies: [denyWebIngress], from: c, to: w, port: 8080, allowed: false),
            Case(name: "ingress isolation leaves egress open", policies: [denyWebIngress], from: w, to: d, port: 5432, allowed: true),
            Case(name: "egress isolation without rules denies", policies: [denyWebEgress], from: w, to: d, port: 5432, allowed: false),
            Case(name: "egress isolation leaves ingress open", policies: [denyWebEgress], from: c, to: w, port: 8080, allowed: true),
            Case(name: "rules across policies are ORed", policies: [denyWebEgress, allowWebToDB], from: w, to: d, port: 5432, allowed: true),
            Case(name: "egress allowed but destination ingress denies", policies: [allowWebToDB, denyDBIngress], from: w, to: d, port: 5432, allowed: false),
            Case(name: "both directions allow", policies: [allowWebToDB, denyDBIngress, allowDBFromWeb], from: w, to: d, port: 5432, allowed: true),
            Case(name: "ingress allowed but source egress denies", policies: [denyWebEgress, allowDBFromWeb], from: w, to: d, port: 5432, allowed: false),
            Case(name: "outside source is never egress-isolated", policies: [t.webIngress([])], from: t.outside4, to: w, port: 8080, allowed: true),
            Case(name: "peer list omitted = all peers", policies: [t.webIngress([], ports: [.tcp(8080)])], from: c, to: w, port: 8080, allowed: true),
            Case(name: "outside destination has no ingress isolation", policies: [t.egressFromWeb([])], from: w, to: t.outside4, port: 1, allowed: true),
            Case(name: "rules of an unlisted direction are ignored", policies: [t.policy(select: webSel, types: [.ingress], egress: [NetworkPolicyEgressRule(ports: [.tcp(1)])]), denyWebEgress], from: w, to: d, port: 1, allowed: false),
            Case(name: "policyTypes omitted: Ingress", policies: [t.policy(select: webSel, types: [])], from: c, to: w, port: 8080, allowed: false),
            Case(name: "policyTypes omitted without egress rules: egress open", policies: [t.policy(select: webSel, types: [])], from: w, to: d, port: 5432, allowed: true),
            Case(name: "policyTypes omitted with egress rules: Egress too", policies: [t.policy(select: webSel, types: [], egress: [NetworkPolicyEgressRule(ports: [.tcp(1)])])], from: w, to: d, port: 5432, allowed: false),
            Case(name: "podSelector not matching does not isolate", policies: [t.policy(select: LabelSelector(matchLabels: ["app": "none"]), types: [.ingress, .egress])], from: w, to: d, port: 5432, allowed: true),
        ])
    }

    func testAllowedPortsKeepsCandidateOrderAndFilters() {
        let t = Self.self
        let evaluator = PolicyEvaluator(policies: [t.webIngress([t.clientPeer], ports: [.tcp(8080), .udp(5000)])])
        let candidates = [FlowPort.udp(5000), .tcp(9999), .tcp(8080), .udp(8080)]
        XCTAssertEqual(evaluator.allowedPorts(from: .pod(t.client), to: .pod(t.web), among: candidates), [.udp(5000), .tcp(8080)])
    }
}
