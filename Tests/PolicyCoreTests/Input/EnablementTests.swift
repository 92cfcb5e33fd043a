import XCTest

@testable import PolicyCore

/// Spec §2 (enablement and its four reasons) with D9.
final class EnablementTests: XCTestCase {
    private func enablement(_ networkPolicies: JSONValue?, platform: String?, version: String?) -> Result<RenderOptions, InputError> {
        var spec = JSONObject()
        spec["networkPolicies"] = networkPolicies
        var cluster = JSONObject()
        cluster["platform"] = platform.map { .string($0) }
        cluster["openshiftVersion"] = version.map { .string($0) }
        return InputTestSupport.resolve(InputTestSupport.input(spec: .object(spec), cluster: .object(cluster)))
    }

    func testEnablementTable() {
        let cases: [(networkPolicies: JSONValue?, platform: String?, version: String?, expected: Enablement)] = [
            // Absent: enabled only on OpenShift >= 4.20 (D9: policies really are built).
            (nil, "openshift", "4.20", .enabledByDefault),
            (nil, "openshift", "4.21.3", .enabledByDefault),
            (nil, "openshift", "5.0", .enabledByDefault),
            (nil, "openshift", "4.100", .enabledByDefault),
            (nil, "openshift", "04.020", .enabledByDefault),
            (nil, "openshift", "99999999999999999999999.0", .enabledByDefault),
            (nil, "openshift", "4.19", .disabledByDefault),
            (nil, "openshift", "4.2", .disabledByDefault),
            (nil, "openshift", "3.99", .disabledByDefault),
            (nil, "openshift", nil, .disabledByDefault),
            (nil, "kubernetes", "4.20", .disabledByDefault),
            (nil, nil, nil, .disabledByDefault),
            (.null, "openshift", "4.20", .enabledByDefault),
            // Explicit.
            (["disabled": true], "openshift", "4.20", .disabledExplicitly),
            (["ruleSet": "None"], "openshift", "4.20", .disabledExplicitly),
            (["disabled": true, "ruleSet": "None"], nil, nil, .disabledExplicitly),
            (["disabled": false], nil, nil, .enabledExplicitly),
            ([:], nil, nil, .enabledExplicitly),
            (["ruleSet": "RestrictIngressEgress"], nil, nil, .enabledExplicitly),
            (["disabled": false, "ruleSet": "RestrictIngressEgress"], "openshift", "4.19", .enabledExplicitly),
            (["disabled": .null], nil, nil, .enabledExplicitly),
            (["disabled": true, "extra": "kept"], nil, nil, .disabledExplicitly),
        ]
        for c in cases {
            let o = options(enablement(c.networkPolicies, platform: c.platform, version: c.version))
            XCTAssertEqual(o?.enablement, c.expected, "\(String(describing: c.networkPolicies)) \(c.platform ?? "-") \(c.version ?? "-")")
        }
    }

    func testReasonStrings() {
        XCTAssertEqual(Enablement.enabledExplicitly.reason, "enabled explicitly")
        XCTAssertEqual(Enablement.enabledByDefault.reason, "enabled by default on OpenShift 4.20 or later")
        XCTAssertEqual(Enablement.disabledExplicitly.reason, "disabled explicitly")
        XCTAssertEqual(Enablement.disabledByDefault.reason, "disabled by default on this platform")
    }

    func testContradictionIsAnErrorAtNetworkPolicies() {
        for np: JSONValue in [["disabled": true, "ruleSet": "RestrictIngressEgress"], ["disabled": false, "ruleSet": "None"]] {
            XCTAssertEqual(
                issues(enablement(np, platform: nil, version: nil)).map(\.pointer), ["/lokistack/spec/networkPolicies"], "\(np)")
        }
    }

    func testInvalidSettings() {
        let cases: [(JSONValue, String)] = [
            (["disabled": "true"], "/lokistack/spec/networkPolicies/disabled"),
            (["disabled": "yes"], "/lokistack/spec/networkPolicies/disabled"),
            (["ruleSet": "Restrict"], "/lokistack/spec/networkPolicies/ruleSet"),
            (true, "/lokistack/spec/networkPolicies"),
        ]
        for (np, pointer) in cases {
            XCTAssertEqual(issues(enablement(np, platform: nil, version: nil)).map(\.pointer), [pointer], "\(np)")
        }
    }

    func testOpenShiftVersionIsValidatedOnEveryPlatform() {
        for version in ["4", "4.", "4.20.1.2", "v4.20", "4.20-rc", "４.２０", "4.x", "", " 4.20"] {
            XCTAssertEqual(
                issues(enablement(nil, platform: "kubernetes", version: version)).map(\.pointer), ["/cluster/openshiftVersion"], version)
        }
    }

    func testYAMLNumberVersionSaysToQuoteIt() {
        let result = InputTestSupport.resolveYAML(
            """
            lokistack: {kind: LokiStack, metadata: {name: a, namespace: b}}
            cluster: {platform: openshift, openshiftVersion: 4.20}
            """)
        let found = issues(result)
        XCTAssertEqual(found.map(\.pointer), ["/cluster/openshiftVersion"])
        XCTAssertTrue(found.first?.message.contains("quote it") ?? false, "\(found)")
        XCTAssertTrue(found.first?.message.contains("\"4.20\"") ?? false, "\(found)")
    }
}
