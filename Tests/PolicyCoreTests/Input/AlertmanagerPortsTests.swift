import XCTest

@testable import PolicyCore

/// AM_PORTS (spec §6): default 9093, any scheme, `//`, no authority → 9093 + warning, tenant
/// overrides (D4), sorted and unique (D3), empty section → no ports + warning (D8).
final class AlertmanagerPortsTests: XCTestCase {
    private func resolve(_ rulerSpec: JSONValue, rulerEnabled: Bool = true) -> Result<RenderOptions, InputError> {
        InputTestSupport.resolve(
            InputTestSupport.input(
                spec: ["rules": ["enabled": .bool(rulerEnabled)]],
                rulerConfig: ["apiVersion": "loki.grafana.com/v1", "kind": "RulerConfig", "spec": rulerSpec]))
    }

    private func global(_ endpoints: [JSONValue]) -> JSONValue {
        ["alertmanager": ["endpoints": .array(endpoints)]]
    }

    func testPortsAndWarnings() {
        let cases: [(name: String, spec: JSONValue, ports: [Int], warnings: [String])] = [
            ("explicit port", global(["http://am:9094"]), [9094], []),
            ("default whatever the scheme", global(["https://am"]), [9093], []),
            ("any scheme", global(["foo://am:1234"]), [1234], []),
            ("scheme-relative", global(["//am:9095"]), [9095], []),
            ("bracketed IPv6", global(["http://[fd00::1]:9443"]), [9443], []),
            ("no authority: host:port counts 9093 (operator)", global(["am:9094"]), [9093], ["/rulerConfig/spec/alertmanager/endpoints/0"]),
            ("no authority: bare host", global(["alertmanager"]), [9093], ["/rulerConfig/spec/alertmanager/endpoints/0"]),
            ("sorted and unique (D3)", global(["http://b:9095", "http://a:9093", "https://c", "http://d:80"]), [80, 9093, 9095], []),
            (
                "overrides included (D4)",
                [
                    "alertmanager": ["endpoints": ["http://am:9093"]],
                    "overrides": [
                        "tenant-z": ["alertmanager": ["endpoints": ["http://z:9999"]]],
                        "tenant-a": ["alertmanager": ["endpoints": ["http://a:9001", "http://a2:9093"]]],
                        "tenant-b": ["retention": ["days": 7]],
                    ],
                ],
                [9001, 9093, 9999], []
            ),
            ("overrides only", ["overrides": ["t": ["alertmanager": ["endpoints": ["//am:9094"]]]]], [9094], []),
            ("empty section (D8)", ["alertmanager": ["endpoints": []]], [], ["/rulerConfig/spec/alertmanager"]),
            ("section without endpoints (D8)", ["alertmanager": ["enableV2": true]], [], ["/rulerConfig/spec/alertmanager"]),
            ("empty string endpoints are absent (D8)", global([""]), [], ["/rulerConfig/spec/alertmanager"]),
            (
                "empty global, tenant endpoints",
                ["alertmanager": ["endpoints": []], "overrides": ["t": ["alertmanager": ["endpoints": ["http://x:1"]]]]],
                [1], []
            ),
            (
                "empty override section only (D8)",
                ["overrides": ["t": ["alertmanager": ["endpoints": .null]]]], [], ["/rulerConfig/spec/overrides/t/alertmanager"]
            ),
            ("no alertmanager at all", ["evaluationInterval": "1m"], [], []),
        ]
        for c in cases {
            let o = options(resolve(c.spec))
            XCTAssertEqual(o?.alertmanagerPorts, c.ports, c.name)
            XCTAssertEqual(o?.warnings.map(\.pointer), c.warnings, c.name)
        }
    }

    func testBareEndpointWarningText() {
        let warning = options(resolve(global(["am:9094"])))?.warnings.first?.message ?? ""
        XCTAssertTrue(warning.contains("9093"), warning)
        XCTAssertTrue(warning.contains("scheme://"), warning)
    }

    func testInvalidEndpointsAreErrorsNamingTheEndpoint() {
        let cases: [(name: String, spec: JSONValue, pointer: String)] = [
            ("port out of range", global(["http://ok:9093", "http://am:99999"]), "/rulerConfig/spec/alertmanager/endpoints/1"),
            ("port zero", global(["http://am:0"]), "/rulerConfig/spec/alertmanager/endpoints/0"),
            ("20-digit port", global(["http://am:12345678901234567890"]), "/rulerConfig/spec/alertmanager/endpoints/0"),
            ("non-numeric port", global(["//am:http"]), "/rulerConfig/spec/alertmanager/endpoints/0"),
            ("unbracketed IPv6", global(["http://fd00::1"]), "/rulerConfig/spec/alertmanager/endpoints/0"),
            ("whitespace", global(["http://am :9093"]), "/rulerConfig/spec/alertmanager/endpoints/0"),
            ("not a string", global([9093]), "/rulerConfig/spec/alertmanager/endpoints/0"),
            ("not a list", ["alertmanager": ["endpoints": "http://am"]], "/rulerConfig/spec/alertmanager/endpoints"),
            (
                "in an override",
                ["overrides": ["t": ["alertmanager": ["endpoints": ["http://am:65536"]]]]],
                "/rulerConfig/spec/overrides/t/alertmanager/endpoints/0"
            ),
        ]
        for c in cases {
            XCTAssertEqual(issues(resolve(c.spec)).map(\.pointer), [c.pointer], c.name)
        }
    }

    func testInvalidEndpointIsAnErrorWithTheRulerOff() {
        XCTAssertEqual(issues(resolve(global(["http://am:0"]), rulerEnabled: false)).map(\.pointer), ["/rulerConfig/spec/alertmanager/endpoints/0"])
    }

    func testRulerConfigShape() {
        let wrongKind = InputTestSupport.resolve(InputTestSupport.input(rulerConfig: ["kind": "ConfigMap"]))
        XCTAssertEqual(issues(wrongKind).map(\.pointer), ["/rulerConfig/kind"])
        let notObject = InputTestSupport.resolve(InputTestSupport.input(rulerConfig: ["a"]))
        XCTAssertEqual(issues(notObject).map(\.pointer), ["/rulerConfig"])
    }
}
