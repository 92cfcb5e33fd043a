import XCTest

@testable import PolicyCore

/// Which policies are generated for which configuration (spec §2, §4, D1, D10).
final class PolicyGeneratorTests: XCTestCase {
    private static let all = [
        "default-deny", "loki-allow", "loki-allow-bucket-egress", "loki-allow-gateway-ingress", "gateway-allow",
        "loki-allow-metrics", "gateway-allow-metrics", "ruler-allow-alert-egress", "loki-allow-query-frontend",
    ]

    func testPolicySetPerConfiguration() {
        let cases: [(String, RenderOptions, [String])] = [
            (
                "everything on, openshift-network",
                makeOptions(platform: .openshift, tenantsMode: .openshiftNetwork, ruler: true), Self.all
            ),
            (
                "gateway off drops gateway ingress, gateway-allow and gateway metrics",
                makeOptions(tenantsMode: .openshiftNetwork, gateway: false, ruler: true),
                [
                    "default-deny", "loki-allow", "loki-allow-bucket-egress", "loki-allow-metrics",
                    "ruler-allow-alert-egress", "loki-allow-query-frontend",
                ]
            ),
            (
                "serviceMonitors off drops both metrics policies",
                makeOptions(serviceMonitors: false),
                [
                    "default-deny", "loki-allow", "loki-allow-bucket-egress", "loki-allow-gateway-ingress",
                    "gateway-allow",
                ]
            ),
            (
                "ruler off, no tenants mode (D10): no ruler or query-frontend policy",
                makeOptions(),
                [
                    "default-deny", "loki-allow", "loki-allow-bucket-egress", "loki-allow-gateway-ingress",
                    "gateway-allow", "loki-allow-metrics", "gateway-allow-metrics",
                ]
            ),
            (
                "metrics policies on kubernetes too (D1)",
                makeOptions(platform: .kubernetes, gateway: false),
                ["default-deny", "loki-allow", "loki-allow-bucket-egress", "loki-allow-metrics"]
            ),
            (
                "minimal: no gateway, no serviceMonitors",
                makeOptions(gateway: false, serviceMonitors: false),
                ["default-deny", "loki-allow", "loki-allow-bucket-egress"]
            ),
            (
                "ruler without any Alertmanager still gets its policy (D8)",
                makeOptions(gateway: false, serviceMonitors: false, ruler: true),
                ["default-deny", "loki-allow", "loki-allow-bucket-egress", "ruler-allow-alert-egress"]
            ),
            ("disabled explicitly: nothing", makeOptions(enablement: .disabledExplicitly, ruler: true), []),
            ("disabled by default: nothing", makeOptions(platform: .openshift, enablement: .disabledByDefault), []),
            (
                "enabled by default behaves as enabled",
                makeOptions(platform: .openshift, enablement: .enabledByDefault, gateway: false, serviceMonitors: false),
                ["default-deny", "loki-allow", "loki-allow-bucket-egress"]
            ),
        ]
        for (label, options, suffixes) in cases {
            let names = PolicyGenerator.render(options).policies.map(\.name)
            XCTAssertEqual(names, suffixes.map { "lokistack-\($0)" }, label)
        }
    }

    func testQueryFrontendPolicyOnlyInOpenShiftNetworkMode() {
        for mode in [nil] + TenantsMode.allCases.map(Optional.some) {
            for platform in Platform.allCases {
                let names = PolicyGenerator.policies(makeOptions(platform: platform, tenantsMode: mode)).map(\.name)
                XCTAssertEqual(
                    names.contains("lokistack-loki-allow-query-frontend"), mode == .openshiftNetwork,
                    "\(platform) \(mode?.rawValue ?? "none")")
            }
        }
    }

    func testPolicySuffixesAreSpecOrder() {
        XCTAssertEqual(PolicyGenerator.policySuffixes, Self.all)
    }

    func testEveryPolicyHasNamespaceAndCommonLabels() {
        let policies = PolicyGenerator.policies(
            makeOptions(name: "prod", namespace: "obs", platform: .openshift, tenantsMode: .openshiftNetwork, ruler: true))
        XCTAssertEqual(policies.count, 9)
        for policy in policies {
            XCTAssertTrue(policy.name.hasPrefix("prod-"), policy.name)
            XCTAssertEqual(policy.namespace, "obs")
            XCTAssertEqual(policy.labels, Spec.labels("prod"))
        }
    }

    func testResultCarriesEnablementAndWarnings() {
        let warning = FieldIssue(pointer: "/objectStorage/endpoint", message: "w")
        for enablement in Enablement.allCases {
            let result = PolicyGenerator.render(makeOptions(enablement: enablement, warnings: [warning]))
            XCTAssertEqual(result.enablement, enablement)
            XCTAssertEqual(result.enabled, enablement.isEnabled)
            XCTAssertEqual(result.warnings, [warning])
            XCTAssertEqual(result.policies.isEmpty, !enablement.isEnabled)
        }
    }

    func testDisabledDigestIsTheEmptyListDigest() {
        let result = PolicyGenerator.render(makeOptions(enablement: .disabledExplicitly))
        let emptyList = #"{"apiVersion":"v1","items":[],"kind":"List"}"#
        XCTAssertEqual(result.canonicalListJSON, Array(emptyList.utf8))
        // sha256 of the empty List, computed independently (`printf '%s' … | sha256sum`).
        XCTAssertEqual(result.digest, "sha256:" + Self.emptyListSHA256)
    }

    func testDigestIsSHA256OfTheCanonicalList() {
        let result = PolicyGenerator.render(makeOptions(platform: .openshift, ruler: true, alertmanagerPorts: [9093]))
        XCTAssertEqual(result.canonicalListJSON, PolicyEncoding.canonicalListJSON(result.policies))
        XCTAssertEqual(result.digest, "sha256:" + SHA256Digest.hex(result.canonicalListJSON))
        XCTAssertTrue(result.digest.hasPrefix("sha256:"))
        XCTAssertEqual(result.digest.count, 7 + 64)
    }

    func testDigestChangesWithThePolicies() {
        let a = PolicyGenerator.render(makeOptions(alertmanagerPorts: [9093], objectStoragePorts: [443]))
        let b = PolicyGenerator.render(makeOptions(alertmanagerPorts: [9093], objectStoragePorts: [9000]))
        let c = PolicyGenerator.render(makeOptions(alertmanagerPorts: [9093], objectStoragePorts: [443]))
        XCTAssertNotEqual(a.digest, b.digest)
        XCTAssertEqual(a.digest, c.digest)
        XCTAssertEqual(a, c)
    }

    static let emptyListSHA256 = "6e99142df210e12f287d62526bff2f37087e6c9d172f1b967bf807025a9d4f71"
}
