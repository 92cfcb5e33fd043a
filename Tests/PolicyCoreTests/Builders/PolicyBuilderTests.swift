import XCTest

@testable import PolicyCore

/// Each policy's exact typed value per condition, expectations written from spec §3–§4.
final class PolicyBuilderTests: XCTestCase {
    /// The generated policy named `<name>-<suffix>`, failing the test when absent.
    private func policy(_ suffix: String, _ options: RenderOptions, file: StaticString = #filePath, line: UInt = #line)
        -> NetworkPolicy?
    {
        let found = PolicyGenerator.policies(options).first { $0.name == "\(options.name)-\(suffix)" }
        XCTAssertNotNil(found, "no \(suffix)", file: file, line: line)
        return found
    }

    func testDefaultDeny() {
        let expected = Spec.policy(
            "lokistack", "logging", "default-deny",
            NetworkPolicySpec(podSelector: LabelSelector(matchLabels: Spec.labels("lokistack")), policyTypes: [.ingress, .egress]))
        for platform in Platform.allCases {
            XCTAssertEqual(policy("default-deny", makeOptions(platform: platform)), expected)
        }
    }

    func testLokiAllowPerPlatform() {
        for platform in Platform.allCases {
            let expected = Spec.policy(
                "lokistack", "logging", "loki-allow",
                NetworkPolicySpec(
                    podSelector: Spec.allLoki, policyTypes: [.egress, .ingress],
                    ingress: [NetworkPolicyIngressRule(from: [Spec.lokiPeer("logging")], ports: Spec.lokiPorts)],
                    egress: Spec.dns(platform) + [
                        NetworkPolicyEgressRule(to: [Spec.lokiPeer("logging")], ports: Spec.lokiPorts)
                    ]))
            XCTAssertEqual(policy("loki-allow", makeOptions(platform: platform)), expected, "\(platform)")
        }
    }

    func testLokiAllowOnOpenShiftHasBothDNSRules() throws {
        // D2: DNS_K8S then DNS_OCP, then the Loki peer rule.
        let egress = try XCTUnwrap(policy("loki-allow", makeOptions(platform: .openshift))).spec.egress
        XCTAssertEqual(egress.count, 3)
        XCTAssertEqual(egress[0].ports, [NetworkPolicyPort(.tcp, port: .number(53)), NetworkPolicyPort(.udp, port: .number(53))])
        XCTAssertEqual(egress[1].ports, [NetworkPolicyPort(.tcp, port: .number(5353)), NetworkPolicyPort(.udp, port: .number(5353))])
    }

    func testBucketEgressUsesTheResolvedPortsInOrder() {
        let cases: [[Int]] = [[443], [9000], [443, 3128, 8443], [8080, 13808, 3128]]
        for ports in cases {
            let expected = Spec.policy(
                "lokistack", "logging", "loki-allow-bucket-egress",
                NetworkPolicySpec(
                    podSelector: Spec.componentsSelector(["ingester", "querier", "index-gateway", "compactor", "ruler"]),
                    policyTypes: [.egress],
                    egress: [NetworkPolicyEgressRule(ports: ports.map { NetworkPolicyPort(.tcp, port: .number($0)) })]))
            XCTAssertEqual(policy("loki-allow-bucket-egress", makeOptions(objectStoragePorts: ports)), expected, "\(ports)")
        }
    }

    func testGatewayIngress() {
        let expected = Spec.policy(
            "lokistack", "logging", "loki-allow-gateway-ingress",
            NetworkPolicySpec(
                podSelector: Spec.componentsSelector(["distributor", "query-frontend", "ruler"]),
                policyTypes: [.ingress],
                ingress: [
                    NetworkPolicyIngressRule(
                        from: [NetworkPolicyPeer(podSelector: Spec.gateway, namespaceSelector: Spec.ns("logging"))],
                        ports: Spec.tcp(3100))
                ]))
        XCTAssertEqual(policy("loki-allow-gateway-ingress", makeOptions()), expected)
    }

    func testGatewayAllowPerPlatform() {
        for platform in Platform.allCases {
            let upstreams = NetworkPolicyPeer(
                podSelector: Spec.componentsSelector(["distributor", "query-frontend", "ruler"]),
                namespaceSelector: Spec.ns("logging"))
            let expected = Spec.policy(
                "lokistack", "logging", "gateway-allow",
                NetworkPolicySpec(
                    podSelector: Spec.gateway, policyTypes: [.egress, .ingress],
                    ingress: [NetworkPolicyIngressRule(ports: Spec.tcp(8080))],
                    egress: Spec.dns(platform) + [
                        NetworkPolicyEgressRule(to: [upstreams], ports: Spec.tcp(3100)),
                        NetworkPolicyEgressRule(ports: Spec.tcp(6443)),
                    ]))
            XCTAssertEqual(policy("gateway-allow", makeOptions(platform: platform)), expected, "\(platform)")
        }
    }

    func testMetricsPoliciesUseThePrometheusPeer() {
        let custom = NetworkPolicyPeer(
            podSelector: LabelSelector(matchLabels: LabelMap([("app", "prom")])),
            namespaceSelector: LabelSelector(matchLabels: LabelMap([("team", "obs")])))
        let cases: [(String, RenderOptions, NetworkPolicyPeer)] = [
            ("openshift: OCP_PROMETHEUS", makeOptions(platform: .openshift), Spec.ocpPrometheus),
            ("kubernetes default: any namespace (D1)", makeOptions(platform: .kubernetes), Spec.anyNamespace),
            ("kubernetes configured peer", makeOptions(platform: .kubernetes, prometheus: custom), custom),
        ]
        for (label, options, prometheus) in cases {
            let lokiMetrics = Spec.policy(
                "lokistack", "logging", "loki-allow-metrics",
                NetworkPolicySpec(
                    podSelector: Spec.allLoki, policyTypes: [.egress, .ingress],
                    ingress: [NetworkPolicyIngressRule(from: [prometheus], ports: Spec.tcp(3100))]))
            let gatewayMetrics = Spec.policy(
                "lokistack", "logging", "gateway-allow-metrics",
                NetworkPolicySpec(
                    podSelector: Spec.gateway, policyTypes: [.ingress],
                    ingress: [NetworkPolicyIngressRule(from: [prometheus], ports: Spec.tcp(8081, 8083))]))
            XCTAssertEqual(policy("loki-allow-metrics", options), lokiMetrics, label)
            XCTAssertEqual(policy("gateway-allow-metrics", options), gatewayMetrics, label)
        }
    }

    func testRulerEgressForEveryAlertmanagerCombination() {
        let clusterRule = NetworkPolicyEgressRule(to: [Spec.alertmanager("openshift-monitoring")], ports: Spec.tcp(9095))
        let userRule = NetworkPolicyEgressRule(
            to: [Spec.alertmanager("openshift-user-workload-monitoring")], ports: Spec.tcp(9095))
        for cluster in [false, true] {
            for user in [false, true] {
                for amPorts in [[], [9093], [9093, 9094, 19093]] {
                    var egress: [NetworkPolicyEgressRule] = []
                    if cluster { egress.append(clusterRule) }
                    if user { egress.append(userRule) }
                    if !amPorts.isEmpty {
                        egress.append(NetworkPolicyEgressRule(ports: amPorts.map { NetworkPolicyPort(.tcp, port: .number($0)) }))
                    }
                    let expected = Spec.policy(
                        "lokistack", "logging", "ruler-allow-alert-egress",
                        NetworkPolicySpec(podSelector: Spec.component("ruler"), policyTypes: [.egress], egress: egress))
                    let options = makeOptions(
                        platform: .openshift, tenantsMode: .openshiftLogging, ruler: true, clusterMonitoring: cluster,
                        userWorkload: user, alertmanagerPorts: amPorts)
                    XCTAssertEqual(
                        policy("ruler-allow-alert-egress", options), expected, "cluster \(cluster) user \(user) \(amPorts)")
                }
            }
        }
    }

    func testRulerPolicyNeverHasARuleWithoutPortsOrPeers() throws {
        // D8: with nothing to reach the policy is emitted with no egress rules at all.
        let ruler = try XCTUnwrap(policy("ruler-allow-alert-egress", makeOptions(ruler: true)))
        XCTAssertEqual(ruler.spec.egress, [])
        XCTAssertEqual(ruler.spec.policyTypes, [.egress])
        for rule in PolicyGenerator.policies(makeOptions(ruler: true, alertmanagerPorts: [9093])).flatMap(\.spec.egress) {
            XCTAssertFalse(rule.ports.isEmpty)
        }
    }

    func testQueryFrontend() {
        let expected = Spec.policy(
            "lokistack", "logging", "loki-allow-query-frontend",
            NetworkPolicySpec(
                podSelector: Spec.component("query-frontend"), policyTypes: [.ingress],
                ingress: [NetworkPolicyIngressRule(ports: Spec.tcp(3100))]))
        XCTAssertEqual(policy("loki-allow-query-frontend", makeOptions(tenantsMode: .openshiftNetwork)), expected)
    }

    func testNameAndNamespaceFollowTheStack() throws {
        let options = makeOptions(name: "a-very-long-stack-name", namespace: "tenant-7")
        let deny = try XCTUnwrap(policy("default-deny", options))
        XCTAssertEqual(deny.name, "a-very-long-stack-name-default-deny")
        XCTAssertEqual(deny.namespace, "tenant-7")
        let gatewayIngress = try XCTUnwrap(policy("loki-allow-gateway-ingress", options))
        XCTAssertEqual(gatewayIngress.spec.ingress.first?.from.first?.namespaceSelector, Spec.ns("tenant-7"))
    }
}
