import XCTest

@testable import PolicyCore

final class TextDiffTests: XCTestCase {
    static func options(alertmanagerPorts: [Int] = [9093], mode: TenantsMode? = .static, enabled: Bool = true) -> RenderOptions {
        RenderOptions(
            name: "lokistack-dev", namespace: "loki", platform: .kubernetes,
            enablement: enabled ? .enabledExplicitly : .disabledExplicitly, tenantsMode: mode, gateway: true,
            serviceMonitors: true, rulerEnabled: true, clusterMonitoringAlertmanager: false, userWorkloadAlertmanager: false,
            alertmanagerPorts: alertmanagerPorts, objectStoragePorts: [443],
            prometheus: NetworkPolicyPeer(namespaceSelector: .everything), warnings: [])
    }

    func testEqualSetsGiveEmptyOutput() {
        let policies = PolicyGenerator.policies(Self.options())
        XCTAssertEqual(PolicyDiff.text(old: policies, new: policies), "")
        XCTAssertEqual(PolicyDiff.text(old: [], new: []), "")
    }

    func testChangedPolicyHunk() {
        let old = PolicyGenerator.policies(Self.options())
        let new = PolicyGenerator.policies(Self.options(alertmanagerPorts: [9093, 9094]))
        XCTAssertEqual(PolicyDiff.text(old: old, new: new), """
            --- a/loki/lokistack-dev-ruler-allow-alert-egress
            +++ b/loki/lokistack-dev-ruler-allow-alert-egress
            @@ -13,6 +13,8 @@
               - ports:
                 - port: 9093
                   protocol: TCP
            +    - port: 9094
            +      protocol: TCP
               podSelector:
                 matchLabels:
                   app.kubernetes.io/component: ruler

            """)
    }

    func testAddedAndRemovedPoliciesUseDevNull() {
        let old = PolicyGenerator.policies(Self.options())
        let new = PolicyGenerator.policies(Self.options(mode: .openshiftNetwork))
        let text = PolicyDiff.text(old: old, new: new)
        let yaml = String(decoding: PolicyEncoding.yaml(new[new.count - 1]), as: UTF8.self)
        let body = yaml.dropFirst("---\n".count)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(text, "--- /dev/null\n+++ b/loki/lokistack-dev-loki-allow-query-frontend\n@@ -0,0 +1,\(lines.count) @@\n"
            + lines.map { "+" + $0 + "\n" }.joined())
        let removed = PolicyDiff.text(old: new, new: old)
        XCTAssertTrue(removed.hasPrefix("--- a/loki/lokistack-dev-loki-allow-query-frontend\n+++ /dev/null\n@@ -1,\(lines.count) +0,0 @@\n-apiVersion: networking.k8s.io/v1\n"), removed)
    }

    func testDisablingRemovesEveryPolicyInOrder() {
        let old = PolicyGenerator.policies(Self.options())
        let text = PolicyDiff.text(old: old, new: [])
        let headers = text.split(separator: "\n").filter { $0.hasPrefix("--- ") }
        XCTAssertEqual(headers.map { String($0) }, old.map { "--- a/loki/\($0.name)" })
    }

    /// Applying the diff's hunks to the old documents gives the new ones.
    func testHunksApplyToTheOldDocuments() throws {
        let configurations: [(RenderOptions, RenderOptions)] = [
            (Self.options(), Self.options(alertmanagerPorts: [8080, 9093, 9094], mode: .openshiftNetwork)),
            (Self.options(enabled: false), Self.options()),
            ({ var o = Self.options(); o.platform = .openshift; o.objectStoragePorts = [9000, 3128]; return o }(), Self.options()),
            ({ var o = Self.options(); o.gateway = false; o.serviceMonitors = false; return o }(), Self.options()),
        ]
        for (a, b) in configurations {
            let old = PolicyGenerator.policies(a)
            let new = PolicyGenerator.policies(b)
            let patched = try UnifiedPatch.apply(PolicyDiff.text(old: old, new: new), to: documents(old))
            XCTAssertEqual(patched, documents(new))
        }
    }

    private func documents(_ policies: [NetworkPolicy]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for policy in policies {
            let yaml = String(decoding: PolicyEncoding.yaml(policy), as: UTF8.self)
            result["\(policy.namespace)/\(policy.name)"] = Array(yaml.split(separator: "\n").dropFirst().map(String.init))
        }
        return result
    }
}
