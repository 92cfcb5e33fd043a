import Foundation
import XCTest

@testable import PolicyCore

/// Flow matrix behaviour that does not depend on the generator's policies.
final class FlowAnalysisTests: XCTestCase {
    static func options(
        platform: Platform = .kubernetes, enablement: Enablement = .disabledByDefault, objectStoragePorts: [Int] = [443],
        alertmanagerPorts: [Int] = [], clusterMonitoring: Bool = false, userWorkload: Bool = false
    ) -> RenderOptions {
        RenderOptions(
            name: "lokistack-dev", namespace: "loki", platform: platform, enablement: enablement,
            tenantsMode: nil, gateway: true, serviceMonitors: true, rulerEnabled: true,
            clusterMonitoringAlertmanager: clusterMonitoring, userWorkloadAlertmanager: userWorkload,
            alertmanagerPorts: alertmanagerPorts, objectStoragePorts: objectStoragePorts,
            prometheus: NetworkPolicyPeer(namespaceSelector: .everything), warnings: [])
    }

    static let lokiPorts: [FlowPort] = [.tcp(3100), .tcp(3101), .tcp(7946), .tcp(9095)]
    static let gatewayPorts: [FlowPort] = [.tcp(8080), .tcp(8081), .tcp(8083)]

    func testWithoutPoliciesEveryCellListsAllItsClassPorts() {
        let matrix = FlowAnalysis.matrix(options: Self.options(objectStoragePorts: [443, 8080, 3128]), policies: [])
        XCTAssertEqual(matrix.ingress.map(\.component), FlowComponent.allCases)
        XCTAssertEqual(matrix.egress.map(\.component), FlowComponent.allCases)
        for row in matrix.ingress {
            let listening = row.component == .gateway ? Self.gatewayPorts : Self.lokiPorts
            for source in IngressSource.allCases {
                // §9.1: a pod's traffic to itself is never a flow, also with policies disabled.
                let expected = row.component == .gateway && source == .gateway ? [] : listening
                XCTAssertEqual(row[source], expected, "\(row.component) \(source)")
            }
        }
        for row in matrix.egress {
            XCTAssertEqual(row[.components], Self.lokiPorts, "\(row.component)")
            XCTAssertEqual(row[.objectStorage], [.tcp(443), .tcp(3128), .tcp(8080)])
            XCTAssertEqual(row[.dns], [.tcp(53), .udp(53)])
            XCTAssertEqual(row[.alertManager], [], "no Alertmanager configured: no destination")
            XCTAssertEqual(row[.apiServer], [.tcp(6443)])
            XCTAssertEqual(row[.external], [.tcp(8443)])
        }
    }

    func testOpenShiftModelAddsItsDNSAndAlertmanagerPods() {
        let matrix = FlowAnalysis.matrix(
            options: Self.options(platform: .openshift, alertmanagerPorts: [9093, 9094], clusterMonitoring: true, userWorkload: true),
            policies: [])
        let ruler = matrix.egress[4]
        XCTAssertEqual(ruler.component, .ruler)
        XCTAssertEqual(ruler[.dns], [.tcp(53), .udp(53), .tcp(5353), .udp(5353)])
        XCTAssertEqual(ruler[.alertManager], [.tcp(9093), .tcp(9094), .tcp(9095)])
    }

    /// A hand-made policy set: the evaluator decides, the matrix reports per class.
    func testCellsFollowThePolicies() {
        let options = Self.options(enablement: .enabledExplicitly)
        let labels: LabelMap = ["app.kubernetes.io/instance": "lokistack-dev", "app.kubernetes.io/name": "lokistack"]
        let ingester = LabelSelector(matchLabels: ["app.kubernetes.io/component": "ingester"])
        let policies = [
            NetworkPolicy(name: "deny", namespace: "loki", labels: labels,
                          spec: NetworkPolicySpec(podSelector: LabelSelector(matchLabels: labels), policyTypes: [.ingress, .egress])),
            NetworkPolicy(name: "ingester", namespace: "loki", labels: labels, spec: NetworkPolicySpec(
                podSelector: ingester, policyTypes: [.ingress, .egress],
                ingress: [NetworkPolicyIngressRule(from: [NetworkPolicyPeer(namespaceSelector: LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "monitoring"]))], ports: [.tcp(3100)])],
                egress: [NetworkPolicyEgressRule(ports: [.tcp(443), .udp(53)])])),
            // A policy of another namespace changes nothing here.
            NetworkPolicy(name: "elsewhere", namespace: "other", labels: LabelMap(), spec: NetworkPolicySpec(podSelector: .everything, policyTypes: [.egress])),
        ]
        let matrix = FlowAnalysis.matrix(options: options, policies: policies)
        let ingesterIn = matrix.ingress[1]
        XCTAssertEqual(ingesterIn.component, .ingester)
        XCTAssertEqual(ingesterIn[.monitoring], [.tcp(3100)])
        XCTAssertEqual(ingesterIn[.otherNamespace], [])
        XCTAssertEqual(ingesterIn[.components], [], "their egress is denied")
        XCTAssertEqual(ingesterIn[.external], [])
        let ingesterOut = matrix.egress[1]
        XCTAssertEqual(ingesterOut[.objectStorage], [.tcp(443)])
        XCTAssertEqual(ingesterOut[.dns], [.udp(53)])
        XCTAssertEqual(ingesterOut[.components], [], "their ingress is denied")
        XCTAssertEqual(ingesterOut[.apiServer], [])
        XCTAssertEqual(matrix.egress[0][.dns], [], "the distributor is only default-denied")
    }

    func testJSONShape() {
        let matrix = FlowAnalysis.matrix(options: Self.options(), policies: [])
        let json = String(decoding: matrix.json(), as: UTF8.self)
        XCTAssertTrue(json.hasPrefix(#"{"egress":[{"component":"distributor","to":{"alertManager":[],"apiServer":[{"port":6443,"protocol":"TCP"}],"components":[{"port":3100,"protocol":"TCP"},"#), json)
        XCTAssertTrue(json.contains(#""enabled":false,"ingress":[{"component":"distributor","from":{"components":["#), json)
        XCTAssertTrue(json.contains(#""dns":[{"port":53,"protocol":"TCP"},{"port":53,"protocol":"UDP"}],"external":[{"port":8443,"protocol":"TCP"}],"objectStorage":[{"port":443,"protocol":"TCP"}]}}"#), json)
        XCTAssertTrue(json.contains(#""gateway":[{"port":3100,"protocol":"TCP"},"#), json)
        XCTAssertTrue(json.hasSuffix(#""otherNamespace":[{"port":8080,"protocol":"TCP"},{"port":8081,"protocol":"TCP"},{"port":8083,"protocol":"TCP"}]}}],"reason":"disabled by default on this platform"}"#), json)
        // It parses as JSON with the documented structure.
        let object = try? JSONSerialization.jsonObject(with: Data(matrix.json())) as? [String: Any]
        XCTAssertEqual(object.map { Set($0.keys) }, ["egress", "enabled", "ingress", "reason"])
        XCTAssertEqual((object?["ingress"] as? [Any])?.count, 8)
    }

    func testTextAndMarkdownTables() {
        let matrix = FlowAnalysis.matrix(options: Self.options(), policies: [])
        let text = matrix.text()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "Network policies: disabled (disabled by default on this platform)")
        XCTAssertTrue(text.contains("Ingress (incoming traffic)\nComponent       From Gateway               From Components"), text)
        XCTAssertTrue(text.contains("\ndistributor     ✅ 3100, 3101, 7946, 9095  "), text)
        XCTAssertTrue(text.contains("✅ 53, 53/UDP"), text)
        let markdown = matrix.markdown()
        XCTAssertTrue(markdown.contains("### Egress (Outgoing Traffic)\n\n| Component | To Components | To Object Storage | To DNS | To AlertManager | To API Server | To External |\n|-----------|"), markdown)
        XCTAssertTrue(markdown.contains("| gateway | ✅ 3100, 3101, 7946, 9095 | ✅ 443 | ✅ 53, 53/UDP | ❌ | ✅ 6443 | ✅ 8443 |\n"), markdown)
    }

    func testSemanticDiffListsChangedCells() {
        let before = FlowAnalysis.matrix(options: Self.options(), policies: [])
        let after = FlowAnalysis.matrix(options: Self.options(objectStoragePorts: [9000]), policies: [])
        let changes = PolicyDiff.flows(old: before, new: after)
        XCTAssertEqual(changes.count, 8)
        XCTAssertEqual(changes.first, FlowChange(direction: .egress, component: .distributor, flowClass: "objectStorage", old: [.tcp(443)], new: [.tcp(9000)]))
        XCTAssertEqual(
            String(decoding: { var w = JSONWriter(); changes[0].writeJSON(to: &w); return w.finish() }(), as: UTF8.self),
            #"{"class":"objectStorage","component":"distributor","direction":"egress","new":[{"port":9000,"protocol":"TCP"}],"old":[{"port":443,"protocol":"TCP"}]}"#)
        XCTAssertEqual(PolicyDiff.flows(old: before, new: before), [])
    }

    func testProbesAreTheEvidenceOfTheCells() {
        let options = Self.options(platform: .openshift, alertmanagerPorts: [9093], clusterMonitoring: true)
        let labels: LabelMap = ["app.kubernetes.io/name": "lokistack"]
        let policies = [NetworkPolicy(name: "deny", namespace: "loki", labels: labels, spec: NetworkPolicySpec(
            podSelector: LabelSelector(matchLabels: labels), policyTypes: [.ingress, .egress],
            ingress: [NetworkPolicyIngressRule(ports: [.tcp(3100), .tcp(8080)])],
            egress: [NetworkPolicyEgressRule(ports: [.tcp(9095), .udp(5353)])]))]
        let model = FlowModel(options: options)
        let matrix = FlowAnalysis.matrix(options: options, policies: policies)
        let probes = FlowAnalysis.probes(model: model, policies: policies)
        XCTAssertTrue(probes.contains { !$0.allowed })
        for row in matrix.ingress {
            for source in IngressSource.allCases {
                let allowed = Set(probes.filter { $0.direction == .ingress && $0.component == row.component && $0.flowClass == source.rawValue && $0.allowed }.map(\.port))
                XCTAssertEqual(Set(row[source]), allowed, "\(row.component) \(source)")
            }
        }
        for row in matrix.egress {
            for destination in EgressDestination.allCases {
                let allowed = Set(probes.filter { $0.direction == .egress && $0.component == row.component && $0.flowClass == destination.rawValue && $0.allowed }.map(\.port))
                XCTAssertEqual(Set(row[destination]), allowed, "\(row.component) \(destination)")
            }
        }
        XCTAssertTrue(probes.contains(FlowProbe(
            direction: .egress, component: .ruler, flowClass: "alertManager",
            source: .pod(model.pods[4]), destination: .pod(model.pods.last!), port: .tcp(9095), allowed: true)))
        let json = try? JSONSerialization.jsonObject(with: Data(FlowProbe.json(probes))) as? [[String: Any]]
        XCTAssertEqual(json?.count, probes.count)
        XCTAssertEqual(json?.first?["from"] as? String, "loki/lokistack-dev-lokistack-gateway")
        XCTAssertEqual(json?.first?["to"] as? String, "loki/lokistack-dev-distributor")
    }

    func testModelManifestsListEveryPodAndNamespace() throws {
        let model = FlowModel(options: Self.options(platform: .openshift, clusterMonitoring: true, userWorkload: true))
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(model.manifestsJSON())) as? [String: Any])
        XCTAssertEqual(list["kind"] as? String, "List")
        let items = try XCTUnwrap(list["items"] as? [[String: Any]])
        let names = items.compactMap { item -> String? in
            guard let meta = item["metadata"] as? [String: Any], let name = meta["name"] as? String else { return nil }
            return "\(item["kind"] ?? "")/\(meta["namespace"] as? String ?? "-")/\(name)"
        }
        XCTAssertEqual(Set(names.filter { $0.hasPrefix("Namespace/") }), [
            "Namespace/-/loki", "Namespace/-/openshift-monitoring", "Namespace/-/other", "Namespace/-/kube-system",
            "Namespace/-/openshift-dns", "Namespace/-/openshift-user-workload-monitoring"])
        XCTAssertEqual(names.filter { $0.hasPrefix("Pod/") }.count, model.pods.count)
        XCTAssertTrue(names.contains("Pod/loki/lokistack-dev-query-frontend"))
        XCTAssertTrue(names.contains("Pod/openshift-user-workload-monitoring/alertmanager-0"))
    }
}
