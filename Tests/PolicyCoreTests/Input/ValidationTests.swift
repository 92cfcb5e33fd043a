import XCTest

@testable import PolicyCore

/// Spec §1.1: strict typing, null as absent, unknown fields kept, names, and the error list
/// (all errors at once, in input document order, §8).
final class ValidationTests: XCTestCase {
    private func stack(_ specYAML: String, metadata: String = "{name: s, namespace: ns}") -> String {
        "kind: LokiStack\nmetadata: \(metadata)\nspec:\n" + specYAML.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n") + "\n"
    }

    func testStrictBooleans() {
        let cases: [(String, Bool?)] = [
            ("true", true), ("True", true), ("false", false), ("~", false), ("null", false),
            ("yes", nil), ("on", nil), ("'true'", nil), ("\"true\"", nil), ("1", nil), ("[true]", nil),
        ]
        for (text, expected) in cases {
            let result = InputTestSupport.resolveYAML(stack("rules: {enabled: \(text)}"))
            if let expected {
                XCTAssertEqual(options(result)?.rulerEnabled, expected, text)
            } else {
                XCTAssertEqual(issues(result).map(\.pointer), ["/lokistack/spec/rules/enabled"], text)
            }
        }
    }

    func testEnumsAndStrings() {
        let cases: [(String, String)] = [
            ("tenants: {mode: Static}", "/lokistack/spec/tenants/mode"),
            ("tenants: {mode: 1}", "/lokistack/spec/tenants/mode"),
            ("tenants: static", "/lokistack/spec/tenants"),
            ("storage: {secret: {type: S3}}", "/lokistack/spec/storage/secret/type"),
            ("storage: {secret: {type: s3, name: My_Secret}}", "/lokistack/spec/storage/secret/name"),
            ("storage: {secret: [s3]}", "/lokistack/spec/storage/secret"),
            ("rules: true", "/lokistack/spec/rules"),
            ("networkPolicies: {ruleSet: none}", "/lokistack/spec/networkPolicies/ruleSet"),
        ]
        for (spec, pointer) in cases {
            XCTAssertEqual(issues(InputTestSupport.resolveYAML(stack(spec))).map(\.pointer), [pointer], spec)
        }
        for mode in TenantsMode.allCases {
            XCTAssertEqual(options(InputTestSupport.resolveYAML(stack("tenants: {mode: \(mode.rawValue)}")))?.tenantsMode, mode)
        }
        for type in StorageType.allCases {
            XCTAssertNotNil(options(InputTestSupport.resolveYAML(stack("storage: {secret: {type: \(type.rawValue), name: s}}"))), type.rawValue)
        }
    }

    func testNamesAreDNSLabels() {
        let valid = ["a", "a-b", "0abc", "abc0", String(repeating: "a", count: 63)]
        let invalid = ["", "A", "a_b", "-a", "a-", "a.b", String(repeating: "a", count: 64), "ä"]
        for name in valid {
            XCTAssertNotNil(options(InputTestSupport.resolveYAML(stack("{}", metadata: "{name: '\(name)', namespace: '\(name)'}"))), name)
        }
        for name in invalid {
            XCTAssertEqual(
                issues(InputTestSupport.resolveYAML(stack("{}", metadata: "{name: '\(name)', namespace: ns}"))).map(\.pointer),
                ["/lokistack/metadata/name"], name)
        }
    }

    func testMetadataIsRequired() {
        let cases: [(String, [String])] = [
            ("kind: LokiStack\n", ["/lokistack/metadata/name", "/lokistack/metadata/namespace"]),
            ("kind: LokiStack\nmetadata: {name: s}\n", ["/lokistack/metadata/namespace"]),
            ("kind: LokiStack\nmetadata: {name: s, namespace: null}\n", ["/lokistack/metadata/namespace"]),
            ("kind: LokiStack\nmetadata: {name: 12, namespace: ns}\n", ["/lokistack/metadata/name"]),
            ("kind: LokiStack\nmetadata: []\n", ["/lokistack/metadata"]),
        ]
        for (text, pointers) in cases {
            XCTAssertEqual(issues(InputTestSupport.resolveYAML(text)).map(\.pointer), pointers, text)
        }
        let envelope = InputTestSupport.resolveJSON(#"{"lokistack": {"kind": "Deployment", "metadata": {"name": "a", "namespace": "b"}}}"#)
        XCTAssertEqual(issues(envelope).map(\.pointer), ["/lokistack/kind"])
        XCTAssertEqual(issues(InputTestSupport.resolveJSON(#"{"lokistack": "x"}"#)).map(\.pointer), ["/lokistack"])
        XCTAssertEqual(issues(InputTestSupport.resolveJSON(#"{"lokistack": null}"#)).map(\.pointer), ["/lokistack"])
    }

    func testNullCountsAsAbsent() {
        let text = stack(
            """
            tenants: null
            rules: {enabled: null}
            networkPolicies: ~
            proxy: {httpProxy: null}
            storage: {secret: {type: null, name: null}}
            """)
        let o = options(InputTestSupport.resolveYAML(text + "---\nkind: RulerConfig\nspec: {alertmanager: null, overrides: null}\n"))
        XCTAssertEqual(o?.tenantsMode, nil)
        XCTAssertEqual(o?.rulerEnabled, false)
        XCTAssertEqual(o?.enablement, .disabledByDefault)
        XCTAssertEqual(o?.objectStoragePorts, [443])
        XCTAssertEqual(o?.warnings, [])
        let envelope = InputTestSupport.resolveJSON(
            #"{"lokistack": {"metadata": {"name": "a", "namespace": "b"}, "spec": null}, "cluster": {"platform": null, "gateway": null, "prometheus": null, "alertmanager": null}}"#
        )
        XCTAssertEqual(options(envelope)?.platform, .kubernetes)
        XCTAssertEqual(options(envelope)?.gateway, true)
    }

    func testUnknownFieldsAreKeptAsGiven() throws {
        let text = """
            apiVersion: loki.grafana.com/v1
            kind: LokiStack
            metadata: {name: s, namespace: ns, labels: {team: x}, annotations: {a: b}}
            spec:
              size: 1x.extra-small
              futureField: {nested: [1, 2.50, "x", yes]}
              template: {querier: {replicas: 2}}
            status: {conditions: []}
            """
        let input = try InputTestSupport.decodeYAML(text)
        XCTAssertEqual(input.lokistack["spec"]?["futureField"], ["nested": [1, .number("2.50"), "x", "yes"]])
        XCTAssertEqual(input.lokistack["status"], ["conditions": []])
        XCTAssertEqual(input.lokistack["metadata"]?["labels"], ["team": "x"])
        XCTAssertEqual(input.lokistack.objectValue?.keys, ["apiVersion", "kind", "metadata", "spec", "status"])
        XCTAssertNotNil(options(InputTestSupport.resolve(input)))
        XCTAssertTrue(String(decoding: input.envelope.canonicalJSONBytes(), as: UTF8.self).contains(#""futureField":{"nested":[1,2.5,"x","yes"]}"#))
    }

    // MARK: - Error list

    func testAllErrorsAreReportedAtOnceInDocumentOrder() {
        let text = """
            cluster:
              openshiftVersion: 4.20
              gateway: yes
            rulerConfig:
              spec:
                alertmanager:
                  endpoints: ["http://am:0"]
            lokistack:
              spec:
                tenants: {mode: bogus}
                rules: {enabled: "true"}
                proxy: {httpsProxy: "ftp://p"}
              metadata: {namespace: Bad_NS, name: ok}
            objectStorage:
              endpoint: "https://fd00::1"
            """
        XCTAssertEqual(
            issues(InputTestSupport.resolveYAML(text)).map(\.pointer),
            [
                "/cluster/openshiftVersion", "/cluster/gateway", "/rulerConfig/spec/alertmanager/endpoints/0",
                "/lokistack/spec/tenants/mode", "/lokistack/spec/rules/enabled", "/lokistack/spec/proxy/httpsProxy",
                "/lokistack/metadata/namespace", "/objectStorage/endpoint",
            ])
    }

    func testStreamErrorsAreOrderedByDocumentThenPosition() {
        let text = """
            kind: RulerConfig
            spec:
              alertmanager: {endpoints: ["http://b:0", "http://a:99999"]}
            ---
            kind: Service
            metadata: {name: minio, namespace: minio}
            spec: {ports: [{port: 0}]}
            ---
            kind: LokiStack
            metadata: {name: s, namespace: ns}
            spec:
              tenants: {mode: x}
              storage: {secret: {type: s4, name: st}}
            ---
            kind: Secret
            metadata: {name: st}
            data: {endpoint: "!!!"}
            ---
            kind: ConfigMap
            """
        let error = inputError { () throws(InputError) in try InputTestSupport.decodeYAML(text) }
        XCTAssertEqual(
            error?.issues.map(\.pointer),
            [
                "/rulerConfig/spec/alertmanager/endpoints/0", "/rulerConfig/spec/alertmanager/endpoints/1",
                "/objectStorage/service/spec/ports/0/port",
                "/lokistack/spec/tenants/mode", "/lokistack/spec/storage/secret/type",
                "/objectStorage/endpoint",
                "",
            ])
    }

    func testWarningsAreInDocumentOrder() {
        let text = """
            objectStorage: {endpoint: "https://minio.minio.svc"}
            rulerConfig: {spec: {alertmanager: {endpoints: ["am:1", "http://x", "am2"]}}}
            lokistack: {kind: LokiStack, metadata: {name: s, namespace: n}, spec: {storage: {secret: {type: s3}}}}
            """
        XCTAssertEqual(
            options(InputTestSupport.resolveYAML(text))?.warnings.map(\.pointer),
            ["/objectStorage/endpoint", "/rulerConfig/spec/alertmanager/endpoints/0", "/rulerConfig/spec/alertmanager/endpoints/2"])
    }

    func testPointersEscapeKeys() {
        let result = InputTestSupport.resolve(
            InputTestSupport.input(cluster: ["prometheus": ["podSelector": ["matchLabels": ["a/b~c": "-"]]]]))
        XCTAssertEqual(issues(result).map(\.pointer), ["/cluster/prometheus/podSelector/matchLabels/a~1b~0c", "/cluster/prometheus/podSelector/matchLabels/a~1b~0c"])
    }

    func testMessagesDoNotEchoCredentials() {
        let result = InputTestSupport.resolveYAML(
            """
            lokistack:
              kind: LokiStack
              metadata: {name: s, namespace: n}
              spec: {proxy: {httpProxy: "http://user:hunter2@proxy:99999"}}
            """)
        let found = issues(result)
        XCTAssertEqual(found.map(\.pointer), ["/lokistack/spec/proxy/httpProxy"])
        XCTAssertFalse(found.contains { $0.message.contains("hunter2") })
    }
}
