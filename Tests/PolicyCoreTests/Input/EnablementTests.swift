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
        for version in ["4", "4.", "4.20.1.2", "4.20-rc", "４.２０", "4.x", "", " 4.20"] {
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

    /// §1.4: a leading `v` and, after MAJOR.MINOR.PATCH, SemVer pre-release/build suffixes;
    /// only MAJOR.MINOR is compared and the value is kept as given.
    func testOpenShiftVersionForms() {
        let accepted: [(String, Enablement)] = [
            ("4.20", .enabledByDefault), ("v4.20", .enabledByDefault), ("v4.20.1", .enabledByDefault),
            ("4.21.0-rc.1", .enabledByDefault), ("4.20.0-rc.1", .enabledByDefault),
            ("4.19.0-ec.3+build.5", .disabledByDefault), ("4.20.0+build.5", .enabledByDefault),
            ("4.20.0-0.nightly-2025-01-01-000000", .enabledByDefault), ("4.20.0-x-y.-z", .enabledByDefault),
            ("4.20.0+001", .enabledByDefault), ("v4.19.9-rc.1+b", .disabledByDefault),
        ]
        for (version, expected) in accepted {
            XCTAssertEqual(try? enablement(nil, platform: "openshift", version: version).get().enablement, expected, version)
        }
        let refused = [
            "4.20-rc.1", "V4.20", "4.20.0+", "4.20.0-", "4.20.0-rc..1", "4.20.0-rc.", "4.20.0+b+c", "4.20+b", "vv4.20",
            "v", "4.20.0-rc_1", "4.20.0-é", "4.20.0 -rc.1", "v 4.20", "4.20.0+.b",
        ]
        for version in refused {
            let found = issues(enablement(nil, platform: "openshift", version: version))
            XCTAssertEqual(found.map(\.pointer), ["/cluster/openshiftVersion"], version)
        }
    }

    func testOpenShiftVersionIsKeptAsGiven() throws {
        let overrides = try ClusterOverrides.parse(queryItems: [("platform", "openshift"), ("openshiftVersion", "v4.21.0-rc.1+b.7")])
        let input = InputTestSupport.input(spec: [:], cluster: nil).applying(overrides)
        XCTAssertEqual(input.cluster?["openshiftVersion"], "v4.21.0-rc.1+b.7")
        XCTAssertEqual(try InputTestSupport.resolve(input).get().enablement, .enabledByDefault)
    }

    /// The query parameter (and so the CLI flag, which goes through it) uses the same parser.
    func testOpenShiftVersionQueryParameterForms() {
        for version in ["v4.20.1", "4.21.0-rc.1", "4.19.0-ec.3+build.5"] {
            XCTAssertNoThrow(try ClusterOverrides.parse(queryItems: [("openshiftVersion", version)]), version)
        }
        for version in ["4.20-rc.1", "V4.20", "4.20.0+"] {
            XCTAssertThrowsError(try ClusterOverrides.parse(queryItems: [("openshiftVersion", version)]), version)
        }
    }
}
