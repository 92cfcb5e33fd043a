import XCTest

@testable import PolicyCore

/// Spec §1.4: cluster context precedence and defaults, Alertmanager gating by platform and mode,
/// PROMETHEUS, D10, and `ClusterOverrides`.
final class ClusterContextTests: XCTestCase {
    private let ocpPrometheus = NetworkPolicyPeer(
        podSelector: LabelSelector(matchLabels: ["app.kubernetes.io/name": "prometheus"]),
        namespaceSelector: LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "openshift-monitoring"]))

    private func resolve(
        mode: String? = nil, cluster: JSONValue? = nil, overrides: ClusterOverrides = ClusterOverrides()
    ) -> Result<RenderOptions, InputError> {
        var spec = JSONObject()
        if let mode { spec["tenants"] = ["mode": .string(mode)] }
        return InputTestSupport.resolve(InputTestSupport.input(spec: .object(spec), cluster: cluster).applying(overrides))
    }

    func testDefaults() {
        let o = options(resolve())
        XCTAssertEqual(o?.platform, .kubernetes)
        XCTAssertEqual(o?.gateway, true)
        XCTAssertEqual(o?.serviceMonitors, true)
        XCTAssertEqual(o?.rulerEnabled, false)
        XCTAssertEqual(o?.tenantsMode, nil)
        XCTAssertEqual(o?.clusterMonitoringAlertmanager, false)
        XCTAssertEqual(o?.userWorkloadAlertmanager, false)
        XCTAssertEqual(o?.prometheus, NetworkPolicyPeer(namespaceSelector: .everything))
        XCTAssertEqual(o?.objectStoragePorts, [443])
        XCTAssertEqual(o?.alertmanagerPorts, [])
    }

    func testAlertmanagerGating() {
        let cases: [(platform: String, mode: String?, alertmanager: JSONValue?, cm: Bool, uw: Bool)] = [
            // clusterMonitoring defaults to true on openshift; applies with openshift-logging/-network.
            ("openshift", "openshift-logging", nil, true, false),
            ("openshift", "openshift-network", nil, true, false),
            ("openshift", "static", nil, false, false),
            ("openshift", "dynamic", nil, false, false),
            ("openshift", nil, nil, false, false),  // D10: no tenants, no OpenShift Alertmanager rules
            ("kubernetes", "openshift-logging", nil, false, false),
            ("kubernetes", "openshift-logging", ["clusterMonitoring": true, "userWorkload": true], false, false),
            ("openshift", "openshift-logging", ["clusterMonitoring": false], false, false),
            // userWorkload defaults to false; applies only with openshift-logging.
            ("openshift", "openshift-logging", ["userWorkload": true], true, true),
            ("openshift", "openshift-network", ["userWorkload": true], true, false),
            ("openshift", nil, ["userWorkload": true, "clusterMonitoring": true], false, false),
        ]
        for c in cases {
            var cluster = JSONObject()
            cluster["platform"] = .string(c.platform)
            cluster["alertmanager"] = c.alertmanager
            let o = options(resolve(mode: c.mode, cluster: .object(cluster)))
            let label = "\(c.platform) \(c.mode ?? "no tenants") \(String(describing: c.alertmanager))"
            XCTAssertEqual(o?.clusterMonitoringAlertmanager, c.cm, label)
            XCTAssertEqual(o?.userWorkloadAlertmanager, c.uw, label)
            XCTAssertEqual(o?.tenantsMode, c.mode.flatMap(TenantsMode.init(rawValue:)), label)
        }
    }

    func testTenantsWithoutModeMeansNoMode() {
        let o = options(InputTestSupport.resolve(InputTestSupport.input(spec: ["tenants": ["authentication": []]])))
        XCTAssertEqual(o?.tenantsMode, nil)
    }

    func testPrecedenceOverrideThenEnvelopeThenDefault() {
        let envelope: JSONValue = ["platform": "kubernetes", "gateway": false, "alertmanager": ["userWorkload": true]]
        let o = options(
            resolve(
                mode: "openshift-logging", cluster: envelope,
                overrides: ClusterOverrides(platform: "openshift", openshiftVersion: "4.20", serviceMonitors: false)))
        XCTAssertEqual(o?.platform, .openshift)  // override wins
        XCTAssertEqual(o?.gateway, false)  // envelope value kept
        XCTAssertEqual(o?.serviceMonitors, false)  // override
        XCTAssertEqual(o?.enablement, .enabledByDefault)
        // Defaults are worked out last: clusterMonitoring follows the final platform.
        XCTAssertEqual(o?.clusterMonitoringAlertmanager, true)
        XCTAssertEqual(o?.userWorkloadAlertmanager, true)
        XCTAssertEqual(o?.prometheus, ocpPrometheus)
    }

    func testOverridesAreStoredMergedIntoCluster() {
        let input = InputTestSupport.input(cluster: ["platform": "kubernetes", "alertmanager": ["userWorkload": true], "gateway": true])
        let merged = input.applying(ClusterOverrides(platform: "openshift", gateway: false, clusterMonitoring: false))
        XCTAssertEqual(
            merged.cluster,
            ["platform": "openshift", "gateway": false, "alertmanager": ["userWorkload": true, "clusterMonitoring": false]])
        XCTAssertEqual(input.applying(ClusterOverrides()), input)
        XCTAssertEqual(InputTestSupport.input().applying(ClusterOverrides(userWorkload: true)).cluster, ["alertmanager": ["userWorkload": true]])
        // An invalid envelope value stays an error, also where an override replaces it (the
        // request is still malformed); each error is reported once.
        let bad = InputTestSupport.input(cluster: ["platform": "aks", "gateway": "yes"])
        XCTAssertEqual(
            issues(InputTestSupport.resolve(bad.applying(ClusterOverrides(platform: "kubernetes")))).map(\.pointer),
            ["/cluster/platform", "/cluster/gateway"])
        let replaced = InputTestSupport.input(cluster: ["alertmanager": ["userWorkload": [:] as JSONValue]])
        XCTAssertEqual(
            issues(InputTestSupport.resolve(replaced.applying(ClusterOverrides(userWorkload: true)))).map(\.pointer),
            ["/cluster/alertmanager/userWorkload"])
    }

    func testPrometheusPeer() {
        let custom: JSONValue = ["namespaceSelector": ["matchLabels": ["kubernetes.io/metadata.name": "monitoring"]]]
        XCTAssertEqual(
            options(resolve(cluster: ["prometheus": custom]))?.prometheus,
            NetworkPolicyPeer(namespaceSelector: LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "monitoring"])))
        // On OpenShift the configured peer is validated but OCP_PROMETHEUS is used.
        XCTAssertEqual(options(resolve(cluster: ["platform": "openshift", "prometheus": custom]))?.prometheus, ocpPrometheus)
        let full: JSONValue = [
            "podSelector": [
                "matchLabels": ["app.kubernetes.io/name": "prometheus"],
                "matchExpressions": [
                    ["key": "tier", "operator": "In", "values": ["a", "b"]], ["key": "example.com/x", "operator": "Exists"],
                ],
            ],
            "namespaceSelector": [:],
        ]
        XCTAssertEqual(
            options(resolve(cluster: ["prometheus": full]))?.prometheus,
            NetworkPolicyPeer(
                podSelector: LabelSelector(
                    matchLabels: ["app.kubernetes.io/name": "prometheus"],
                    matchExpressions: [
                        LabelSelectorRequirement(key: "tier", operator: .in, values: ["a", "b"]),
                        LabelSelectorRequirement(key: "example.com/x", operator: .exists),
                    ]),
                namespaceSelector: .everything))
        XCTAssertEqual(
            options(resolve(cluster: ["prometheus": ["ipBlock": ["cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]]]]))?.prometheus,
            NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8", except: ["10.1.0.0/16"])))
        XCTAssertEqual(
            options(resolve(cluster: ["prometheus": ["ipBlock": ["cidr": "fd00::/8", "except": ["fd00:1::/32"]]]]))?.prometheus.ipBlock,
            IPBlock(cidr: "fd00::/8", except: ["fd00:1::/32"]))
    }

    func testInvalidPrometheusPeers() {
        let p = "/cluster/prometheus"
        let cases: [(JSONValue, [String])] = [
            ("prometheus", [p]),
            ([:], [p]),
            (["podSelector": .null], [p]),
            (["podSelctor": [:]], ["\(p)/podSelctor", p]),
            (["ipBlock": ["cidr": "10.0.0.0/8"], "podSelector": [:]], [p]),
            (["podSelector": ["matchLabels": ["app": 1]]], ["\(p)/podSelector/matchLabels/app"]),
            (["podSelector": ["matchLabels": ["bad key!": "x"]]], ["\(p)/podSelector/matchLabels/bad key!"]),
            (["podSelector": ["matchLabels": ["app": "-x"]]], ["\(p)/podSelector/matchLabels/app"]),
            (["podSelector": ["matchLabels": ["app": .string(String(repeating: "a", count: 64))]]], ["\(p)/podSelector/matchLabels/app"]),
            (["podSelector": ["matchExpressions": [["key": "a", "operator": "In"]]]], ["\(p)/podSelector/matchExpressions/0/values"]),
            (["podSelector": ["matchExpressions": [["key": "a", "operator": "NotIn", "values": []]]]], ["\(p)/podSelector/matchExpressions/0/values"]),
            (["podSelector": ["matchExpressions": [["key": "a", "operator": "Exists", "values": ["x"]]]]], ["\(p)/podSelector/matchExpressions/0/values"]),
            (["podSelector": ["matchExpressions": [["key": "a", "operator": "Equals", "values": ["x"]]]]], ["\(p)/podSelector/matchExpressions/0/operator"]),
            (["podSelector": ["matchExpressions": [["operator": "Exists"]]]], ["\(p)/podSelector/matchExpressions/0/key"]),
            (["podSelector": ["matchExpressions": [["key": "a", "operator": "In", "values": ["x y"]]]]], ["\(p)/podSelector/matchExpressions/0/values/0"]),
            (["podSelector": ["matchLabels": [:], "other": 1]], ["\(p)/podSelector/other"]),
            (["namespaceSelector": "all"], ["\(p)/namespaceSelector"]),
            (["ipBlock": ["cidr": "10.0.0.0"]], ["\(p)/ipBlock/cidr"]),
            (["ipBlock": ["cidr": "10.0.0.0/33"]], ["\(p)/ipBlock/cidr"]),
            (["ipBlock": ["cidr": "010.0.0.0/8"]], ["\(p)/ipBlock/cidr"]),
            (["ipBlock": ["cidr": "fd00::/129"]], ["\(p)/ipBlock/cidr"]),
            (["ipBlock": ["cidr": "10.0.0.0/08"]], ["\(p)/ipBlock/cidr"]),
            (["ipBlock": ["cidr": "10.0.0.0/8", "except": ["10.1.0.0/016"]]], ["\(p)/ipBlock/except/0"]),
            (["ipBlock": ["cidr": "fd00:::1/64"]], ["\(p)/ipBlock/cidr"]),
            (["ipBlock": [:]], ["\(p)/ipBlock/cidr"]),
            (["ipBlock": ["cidr": "10.0.0.0/8", "except": ["11.0.0.0/16"]]], ["\(p)/ipBlock/except/0"]),
            (["ipBlock": ["cidr": "10.0.0.0/8", "except": ["10.0.0.0/8"]]], ["\(p)/ipBlock/except/0"]),
            (["ipBlock": ["cidr": "10.0.0.0/8", "except": ["fd00::/16"]]], ["\(p)/ipBlock/except/0"]),
            (["ipBlock": ["cidr": "10.0.0.0/8", "except": ["x"]]], ["\(p)/ipBlock/except/0"]),
        ]
        for (peer, pointers) in cases {
            XCTAssertEqual(Set(issues(resolve(cluster: ["prometheus": peer])).map(\.pointer)), Set(pointers), "\(peer)")
        }
    }

    func testClusterFieldTyping() {
        let cases: [(JSONValue, String)] = [
            (["platform": "OpenShift"], "/cluster/platform"),
            (["platform": true], "/cluster/platform"),
            (["openshiftVersion": .number("4.2")], "/cluster/openshiftVersion"),
            (["gateway": "false"], "/cluster/gateway"),
            (["serviceMonitors": 1], "/cluster/serviceMonitors"),
            (["alertmanager": ["clusterMonitoring": "yes"]], "/cluster/alertmanager/clusterMonitoring"),
            (["alertmanager": ["userWorkload": 0]], "/cluster/alertmanager/userWorkload"),
            (["alertmanager": true], "/cluster/alertmanager"),
            (["alertmanager": ["other": true]], "/cluster/alertmanager/other"),
            (["plattform": "openshift"], "/cluster/plattform"),
            ("openshift", "/cluster"),
        ]
        for (cluster, pointer) in cases {
            XCTAssertEqual(issues(resolve(cluster: cluster)).map(\.pointer), [pointer], "\(cluster)")
        }
    }

    // MARK: - ClusterOverrides.parse

    func testOverridesParse() throws {
        let o = try ClusterOverrides.parse(queryItems: [
            ("platform", "openshift"), ("openshiftVersion", "4.20.1"), ("gateway", "false"), ("serviceMonitors", "true"),
            ("alertmanager.clusterMonitoring", "false"), ("alertmanager.userWorkload", "true"), ("limit", "10"),
        ])
        XCTAssertEqual(
            o,
            ClusterOverrides(
                platform: "openshift", openshiftVersion: "4.20.1", gateway: false, serviceMonitors: true, clusterMonitoring: false,
                userWorkload: true))
        XCTAssertTrue(try ClusterOverrides.parse(queryItems: [("cursor", "x")]).isEmpty)
    }

    func testOverridesParseErrors() {
        let cases: [([(String, String)], [String])] = [
            ([("platform", "aks")], ["/cluster/platform"]),
            ([("openshiftVersion", "4.20.x")], ["/cluster/openshiftVersion"]),
            ([("gateway", "yes")], ["/cluster/gateway"]),
            ([("serviceMonitors", "1")], ["/cluster/serviceMonitors"]),
            ([("alertmanager.clusterMonitoring", "TRUE")], ["/cluster/alertmanager/clusterMonitoring"]),
            ([("alertmanager.userWorkload", "")], ["/cluster/alertmanager/userWorkload"]),
            ([("gateway", "true"), ("gateway", "true")], ["/cluster/gateway"]),
            ([("platform", "x"), ("gateway", "x")], ["/cluster/platform", "/cluster/gateway"]),
        ]
        for (items, pointers) in cases {
            let error = inputError { () throws(InputError) in try ClusterOverrides.parse(queryItems: items) }
            XCTAssertEqual(error?.kind, .invalid)
            XCTAssertEqual(error?.issues.map(\.pointer), pointers, "\(items)")
        }
    }
}
