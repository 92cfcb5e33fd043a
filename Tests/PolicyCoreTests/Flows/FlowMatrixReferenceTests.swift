import XCTest

@testable import PolicyCore

/// The flow matrix of the generated policies against the documentation's tables
/// (`loki-network-policies.md` "Flow Matrix"), with the reference settings of spec §9.
final class FlowMatrixReferenceTests: XCTestCase {
    /// Spec §9 reference settings: gateway, ruler, an Alertmanager endpoint on its default
    /// port, object storage on its default port, serviceMonitors on.
    static func reference(_ platform: Platform, _ mode: TenantsMode?) -> RenderOptions {
        let openshiftMode = mode == .openshiftLogging || mode == .openshiftNetwork
        return RenderOptions(
            name: "lokistack-dev", namespace: "loki", platform: platform, enablement: .enabledExplicitly,
            tenantsMode: mode, gateway: true, serviceMonitors: true, rulerEnabled: true,
            clusterMonitoringAlertmanager: platform == .openshift && openshiftMode,
            userWorkloadAlertmanager: false, alertmanagerPorts: [9093], objectStoragePorts: [443],
            prometheus: platform == .openshift
                ? NetworkPolicyPeer(
                    podSelector: LabelSelector(matchLabels: ["app.kubernetes.io/name": "prometheus"]),
                    namespaceSelector: LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "openshift-monitoring"]))
                : NetworkPolicyPeer(namespaceSelector: .everything),
            warnings: [])
    }

    /// The documentation's ingress table: From Gateway, Components, External, Monitoring.
    static let documentedIngress: [FlowComponent: String] = [
        .distributor: "✅✅❌✅", .ingester: "❌✅❌✅", .querier: "❌✅❌✅", .queryFrontend: "✅✅*✅",
        .ruler: "✅✅❌✅", .compactor: "❌✅❌✅", .indexGateway: "❌✅❌✅", .gateway: "❌❌✅✅",
    ]
    /// The documentation's egress table: To Components, Object Storage, DNS, AlertManager, API Server.
    static let documentedEgress: [FlowComponent: String] = [
        .distributor: "✅❌✅❌❌", .ingester: "✅✅✅❌❌", .querier: "✅✅✅❌❌", .queryFrontend: "✅❌✅❌❌",
        .ruler: "✅✅✅✅❌", .compactor: "✅✅✅❌❌", .indexGateway: "✅✅✅❌❌", .gateway: "✅❌✅❌✅",
    ]

    static let configurations: [(Platform, TenantsMode?)] =
        Platform.allCases.flatMap { platform in ([nil] + TenantsMode.allCases).map { (platform, $0) } }

    func testPatternEqualsTheDocumentedTables() {
        for (platform, mode) in Self.configurations {
            let options = Self.reference(platform, mode)
            let matrix = FlowAnalysis.matrix(options: options, policies: PolicyGenerator.policies(options))
            let label = "\(platform) \(mode?.rawValue ?? "no mode")"
            for row in matrix.ingress {
                let documented = Self.documentedIngress[row.component] ?? ""
                let expected = documented.replacingOccurrences(of: "*", with: mode == .openshiftNetwork ? "✅" : "❌")
                let actual = [IngressSource.gateway, .components, .external, .monitoring].map { row[$0].isEmpty ? "❌" : "✅" }.joined()
                XCTAssertEqual(actual, expected, "\(label) ingress \(row.component)")
            }
            for row in matrix.egress {
                let actual = [EgressDestination.components, .objectStorage, .dns, .alertManager, .apiServer]
                    .map { row[$0].isEmpty ? "❌" : "✅" }.joined()
                XCTAssertEqual(actual, Self.documentedEgress[row.component], "\(label) egress \(row.component)")
            }
        }
    }

    /// The columns beyond the documentation follow from the spec: no Loki pod reaches an
    /// arbitrary outside port; an unrelated pod reaches what is open to any peer (the gateway's
    /// public port, the openshift-network query-frontend) and, on kubernetes, the metrics
    /// port that any Prometheus may scrape (D1).
    func testExtraColumns() {
        for (platform, mode) in Self.configurations {
            let options = Self.reference(platform, mode)
            let matrix = FlowAnalysis.matrix(options: options, policies: PolicyGenerator.policies(options))
            let label = "\(platform) \(mode?.rawValue ?? "no mode")"
            for row in matrix.egress { XCTAssertEqual(row[.external], [], "\(label) \(row.component)") }
            for row in matrix.ingress {
                var expected: [FlowPort] = []
                if row.component == .gateway {
                    expected = platform == .kubernetes ? [.tcp(8080), .tcp(8081), .tcp(8083)] : [.tcp(8080)]
                } else if platform == .kubernetes || (row.component == .queryFrontend && mode == .openshiftNetwork) {
                    expected = [.tcp(3100)]
                }
                XCTAssertEqual(row[.otherNamespace], expected, "\(label) \(row.component)")
            }
        }
    }

    func testCellPorts() {
        let options = Self.reference(.openshift, .openshiftLogging)
        let matrix = FlowAnalysis.matrix(options: options, policies: PolicyGenerator.policies(options))
        func ingress(_ c: FlowComponent) -> FlowRow<IngressSource> { matrix.ingress.first { $0.component == c }! }
        func egress(_ c: FlowComponent) -> FlowRow<EgressDestination> { matrix.egress.first { $0.component == c }! }
        XCTAssertEqual(ingress(.distributor)[.gateway], [.tcp(3100)])
        XCTAssertEqual(ingress(.distributor)[.components], [.tcp(3100), .tcp(3101), .tcp(7946), .tcp(9095)])
        XCTAssertEqual(ingress(.ingester)[.monitoring], [.tcp(3100)])
        XCTAssertEqual(ingress(.gateway)[.external], [.tcp(8080)])
        XCTAssertEqual(ingress(.gateway)[.monitoring], [.tcp(8080), .tcp(8081), .tcp(8083)])
        XCTAssertEqual(egress(.ruler)[.alertManager], [.tcp(9093), .tcp(9095)])
        XCTAssertEqual(egress(.ruler)[.dns], [.tcp(53), .udp(53), .tcp(5353), .udp(5353)])
        XCTAssertEqual(egress(.ingester)[.objectStorage], [.tcp(443)])
        XCTAssertEqual(egress(.gateway)[.apiServer], [.tcp(6443)])
        XCTAssertEqual(egress(.gateway)[.components], [.tcp(3100)])
        XCTAssertEqual(egress(.gateway)[.objectStorage], [])
    }

    func testDisabledConfigurationIsolatesNothing() {
        var options = Self.reference(.openshift, .openshiftNetwork)
        options.enablement = .disabledByDefault
        let policies = PolicyGenerator.policies(options)
        XCTAssertEqual(policies, [])
        let matrix = FlowAnalysis.matrix(options: options, policies: policies)
        // Every cell open, except the gateway row's `gateway` cell: no self-traffic (§9.1).
        for row in matrix.ingress {
            for source in IngressSource.allCases {
                let selfTraffic = row.component == .gateway && source == .gateway
                XCTAssertEqual(row[source].isEmpty, selfTraffic, "\(row.component) \(source)")
            }
        }
        XCTAssertFalse(matrix.egress.contains { row in EgressDestination.allCases.contains { row[$0].isEmpty } })
        XCTAssertEqual(matrix.egress[0][.alertManager], [.tcp(9093), .tcp(9095)])
    }

    /// A custom `cluster.prometheus` that does not select the model's Prometheus pod shows ❌ (spec §9).
    func testCustomPrometheusPeerThatMissesThePodShowsDenied() {
        var options = Self.reference(.kubernetes, .static)
        options.prometheus = NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8"))
        let matrix = FlowAnalysis.matrix(options: options, policies: PolicyGenerator.policies(options))
        XCTAssertEqual(matrix.ingress[0][.monitoring], [])
        XCTAssertEqual(matrix.ingress[7][.monitoring], [.tcp(8080)], "the gateway's public port stays open to all")
    }

    func testObjectStorageAndProxyPortsFollowTheOptions() {
        var options = Self.reference(.kubernetes, nil)
        options.objectStoragePorts = [9000, 3128]
        let matrix = FlowAnalysis.matrix(options: options, policies: PolicyGenerator.policies(options))
        XCTAssertEqual(matrix.egress[1][.objectStorage], [.tcp(3128), .tcp(9000)])
        XCTAssertEqual(matrix.egress[0][.objectStorage], [])
    }

    /// The model read back from rendered policies is the model of their options.
    func testInferredModelEqualsTheOptionsModel() throws {
        for (platform, mode) in Self.configurations {
            var options = Self.reference(platform, mode)
            options.alertmanagerPorts = [9094, 9093, 8080].sorted()
            options.objectStoragePorts = [9000, 443]
            options.userWorkloadAlertmanager = platform == .openshift && mode == .openshiftLogging
            let inferred = try FlowModel.inferred(from: PolicyGenerator.policies(options))
            XCTAssertEqual(inferred, FlowModel(options: options), "\(platform) \(mode?.rawValue ?? "no mode")")
        }
        XCTAssertEqual(try FlowModel.inferred(from: []).namespace, "default")
    }

    func testInferenceRefusesPoliciesOfSeveralStacks() {
        let a = PolicyGenerator.policies(Self.reference(.kubernetes, nil))
        var otherOptions = Self.reference(.kubernetes, nil)
        otherOptions.name = "other"
        XCTAssertThrowsError(try FlowModel.inferred(from: a + PolicyGenerator.policies(otherOptions)))
        otherOptions.name = "lokistack-dev"
        otherOptions.namespace = "elsewhere"
        XCTAssertThrowsError(try FlowModel.inferred(from: a + PolicyGenerator.policies(otherOptions)))
    }
}
