import XCTest

@testable import PolicyCore

/// The bounds of `InputLimits` (issue 8): the decoded-size budget in bytes (aliases counted at
/// each use) and the list limits, with the places they name.
final class InputLimitsTests: XCTestCase {
    private let limit = InputLimits.maxDecodedBytes

    private func yaml(_ text: String) throws(InputError) -> [JSONValue] {
        try JSONValue.parseYAMLStream(Array(text.utf8))
    }

    func testLimitValues() {
        XCTAssertEqual(InputLimits.maxDecodedBytes, 1_048_576)
        XCTAssertEqual(InputLimits.maxDepth, 64)
        XCTAssertEqual(InputLimits.maxSelectorMatchLabels, 64)
        XCTAssertEqual(InputLimits.maxSelectorMatchExpressions, 32)
        XCTAssertEqual(InputLimits.maxSelectorExpressionValues, 256)
        XCTAssertEqual(InputLimits.maxAlertmanagerEndpoints, 64)
        XCTAssertEqual(InputLimits.maxRulerOverrideTenants, 256)
        XCTAssertEqual(InputLimits.maxServicePorts, 128)
        XCTAssertEqual(InputLimits.maxEndpointSlices, 32)
        XCTAssertEqual(InputLimits.maxEndpointSlicePorts, 100)
    }

    /// `{a: &x S, b: [*x × n, T]}` counts 1 (map) + 1 (`a`) + |S| + 1 (`b`) + 1 (list) + n·|S| + |T|:
    /// exactly at the budget it is read, one byte more is `.tooLarge` at the value being decoded.
    func testAliasesCountTheirBytesAtEachUse() throws {
        let anchor = String(repeating: "x", count: 10_240)
        let uses = (limit - 4) / anchor.utf8.count - 1  // aliases that fit beside the anchor itself
        let tail = limit - 4 - anchor.utf8.count * (uses + 1)
        func text(_ tailBytes: Int) -> String {
            "a: &x \(anchor)\nb: [" + Array(repeating: "*x", count: uses).joined(separator: ", ") + ", "
                + String(repeating: "t", count: tailBytes) + "]\n"
        }
        XCTAssertGreaterThan(tail, 0)
        XCTAssertLessThan(text(tail).utf8.count, 20_000, "a small body")
        XCTAssertEqual(try yaml(text(tail)).first?["b"]?.arrayValue?.count, uses + 1)
        let error = inputError { () throws(InputError) in try yaml(text(tail + 1)) }
        XCTAssertEqual(error?.kind, .tooLarge)
        XCTAssertEqual(error?.issues.map(\.pointer), ["/b/\(uses)"])
    }

    /// Empty scalars and collections count one byte each, so they cannot multiply for free.
    func testEmptyValuesCount() {
        var text = "a0: &a0 [[], [], [], [], [], [], [], [], '', ~]\n"
        for i in 1...7 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        XCTAssertEqual(inputError { () throws(InputError) in try yaml(text) }?.kind, .tooLarge)
    }

    /// Keys count: a map of many keys hits the budget at the key being decoded.
    func testKeysCount() {
        let key = String(repeating: "k", count: 1000)
        var text = "m: &m {"
        for i in 0..<20 { text += "\(key)\(i): 1, " }
        text += "z: 1}\nl: [" + Array(repeating: "*m", count: 60).joined(separator: ", ") + "]\n"
        let error = inputError { () throws(InputError) in try yaml(text) }
        XCTAssertEqual(error?.kind, .tooLarge)
        XCTAssertEqual(error?.issues.first?.pointer.hasPrefix("/l/"), true)
    }

    /// Issue 8: an 11 KB body with a 10 KB anchor and 200 aliases in an unknown LokiStack field was
    /// accepted and stored as 2 MB; it is refused, naming the place.
    func testIssueAliasBodyIsRefused() {
        let body = Self.aliasBody(aliases: 200)
        XCTAssertLessThan(body.count, 11 * 1024)
        let error = inputError { () throws(InputError) in try PolicyInput.decode(body, format: .yaml) }
        XCTAssertEqual(error?.kind, .tooLarge)
        // 10,240 bytes per use: the budget runs out at the 102nd alias.
        XCTAssertEqual(error?.issues.map(\.pointer), ["/lokistack/spec/extra/copies/101"])
    }

    /// The place is named in the envelope form whatever the input form, when the document's kind
    /// is known by then.
    func testPlaceIsInTheEnvelopeForm() {
        let big = String(repeating: "b", count: limit)
        let cases: [(String, InputFormat, String)] = [
            ("kind: LokiStack\nmetadata: {name: s}\nspec: {x: \(big)}\n", .yaml, "/lokistack/spec/x"),
            ("{\"kind\": \"LokiStack\", \"spec\": {\"x\": \"\(big)\"}}", .json, "/lokistack/spec/x"),
            ("kind: LokiStack\n---\nkind: EndpointSlice\n---\nkind: EndpointSlice\nports: [\(big)]\n", .yaml, "/objectStorage/endpointSlices/1/ports/0"),
            ("kind: LokiStack\n---\nkind: Service\nspec: {x: \(big)}\n", .yaml, "/objectStorage/service/spec/x"),
            ("kind: LokiStack\n---\nkind: RulerConfig\nspec: {x: \(big)}\n", .yaml, "/rulerConfig/spec/x"),
            ("kind: LokiStack\n---\nkind: Secret\nstringData: {x: \(big)}\n", .yaml, "/objectStorage"),
            ("lokistack: {spec: {x: \(big)}}\n", .yaml, "/lokistack/spec/x"),
            ("x: \(big)\nkind: LokiStack\n", .yaml, "/x"),
        ]
        for (text, format, pointer) in cases {
            let error = inputError { () throws(InputError) in try PolicyInput.decode(Array(text.utf8), format: format) }
            XCTAssertEqual(error?.kind, .tooLarge, pointer)
            XCTAssertEqual(error?.issues.map(\.pointer), [pointer])
        }
    }

    /// The same shape within the budget is read, and its unknown field kept.
    func testAliasBodyWithinTheBudgetIsKept() throws {
        let input = try PolicyInput.decode(Self.aliasBody(aliases: 100), format: .yaml)
        XCTAssertEqual(input.lokistack["spec"]?["extra"]?["copies"]?.arrayValue?.count, 100)
    }

    static func aliasBody(aliases: Int) -> [UInt8] {
        let anchor = String(repeating: "A", count: 10 * 1024)
        let text = """
            lokistack:
              apiVersion: loki.grafana.com/v1
              kind: LokiStack
              metadata: {name: s, namespace: ns}
              spec:
                storage: {secret: {name: x, type: s3}}
                extra:
                  anchor: &a \(anchor)
                  copies: [\(Array(repeating: "*a", count: aliases).joined(separator: ","))]

            """
        return Array(text.utf8)
    }

    /// JSON counts the same way (no aliases, so only very large documents reach it).
    func testJSONBudget() {
        let big = "{\"lokistack\": {\"kind\": \"LokiStack\", \"x\": \"" + String(repeating: "j", count: limit) + "\"}}"
        let error = inputError { () throws(InputError) in try PolicyInput.decode(Array(big.utf8), format: .json) }
        XCTAssertEqual(error?.kind, .tooLarge)
        XCTAssertEqual(error?.issues.map(\.pointer), ["/lokistack/x"])
    }

    // MARK: - List limits

    private func issues(_ input: PolicyInput) -> [FieldIssue] {
        guard case .failure(let e) = InputTestSupport.resolve(input) else { return [] }
        return e.issues
    }

    private func strings(_ n: Int, _ make: (Int) -> String) -> JSONValue { .array((0..<n).map { .string(make($0)) }) }

    func testSelectorLimits() {
        func cluster(_ selector: JSONValue) -> JSONValue { ["prometheus": ["podSelector": selector]] }
        let base = "/cluster/prometheus/podSelector"
        let labels = JSONValue.object(JSONObject((0...64).map { ("k\($0)", JSONValue.string("v")) }))
        let expression: (JSONValue) -> JSONValue = { ["key": "k", "operator": "In", "values": $0] }
        let cases: [(JSONValue, JSONValue, String, String)] = [
            ([:], ["matchLabels": labels], "\(base)/matchLabels", "has 65 labels; at most 64 are accepted"),
            (
                [:], ["matchExpressions": .array(Array(repeating: expression(["a"]), count: 33))], "\(base)/matchExpressions",
                "has 33 expressions; at most 32 are accepted"
            ),
            (
                [:], ["matchExpressions": [expression(strings(257) { "v\($0)" })]], "\(base)/matchExpressions/0/values",
                "has 257 values; at most 256 are accepted"
            ),
        ]
        for (spec, selector, pointer, message) in cases {
            let found = issues(InputTestSupport.input(spec: spec, cluster: cluster(selector)))
            XCTAssertEqual(found, [FieldIssue(pointer: pointer, message: message)], pointer)
        }
        // At the limits: accepted.
        let atLimit: JSONValue = [
            "matchLabels": .object(JSONObject((0..<64).map { ("k\($0)", JSONValue.string("v")) })),
            "matchExpressions": .array(Array(repeating: expression(strings(256) { "v\($0)" }), count: 32)),
        ]
        XCTAssertEqual(issues(InputTestSupport.input(cluster: cluster(atLimit))), [])
    }

    func testRulerConfigLimits() {
        func ruler(_ spec: JSONValue) -> JSONValue { ["kind": "RulerConfig", "spec": spec] }
        let endpoints = { (n: Int) in self.strings(n) { "http://am\($0):9093" } }
        let tenants = { (n: Int) in JSONValue.object(JSONObject((0..<n).map { ("t\($0)", ["alertmanager": ["endpoints": endpoints(1)]] as JSONValue) })) }
        let cases: [(JSONValue, String, String)] = [
            (["alertmanager": ["endpoints": endpoints(65)]], "/rulerConfig/spec/alertmanager/endpoints", "has 65 endpoints; at most 64 are accepted"),
            (["overrides": tenants(257)], "/rulerConfig/spec/overrides", "has 257 tenants; at most 256 are accepted"),
            (
                ["overrides": ["t": ["alertmanager": ["endpoints": endpoints(65)]]]], "/rulerConfig/spec/overrides/t/alertmanager/endpoints",
                "has 65 endpoints; at most 64 are accepted"
            ),
        ]
        for (spec, pointer, message) in cases {
            XCTAssertEqual(issues(InputTestSupport.input(rulerConfig: ruler(spec))), [FieldIssue(pointer: pointer, message: message)], pointer)
        }
        // At the limits (and at most `maxAlertmanagerEndpointsInAll` endpoints in all): accepted.
        for atLimit: JSONValue in [["alertmanager": ["endpoints": endpoints(64)]], ["overrides": tenants(256)]] {
            XCTAssertEqual(issues(InputTestSupport.input(rulerConfig: ruler(atLimit))), [])
        }
    }

    func testObjectStorageLimits() {
        func service(ports n: Int) -> JSONValue {
            [
                "kind": "Service", "metadata": ["name": "minio", "namespace": "minio"],
                "spec": ["ports": .array([["port": 443, "targetPort": 9000]] + (1..<n).map { ["port": .number(String(1000 + $0))] })],
            ]
        }
        func slice(ports n: Int) -> JSONValue {
            [
                "kind": "EndpointSlice", "metadata": ["labels": ["kubernetes.io/service-name": "minio"]],
                "ports": .array((0..<n).map { ["port": .number(String(9000 + $0))] }),
            ]
        }
        func storage(servicePorts: Int = 1, slices: Int = 1, slicePorts: Int = 1) -> PolicyInput {
            InputTestSupport.input(
                spec: ["storage": ["secret": ["name": "s", "type": "s3"]]],
                objectStorage: [
                    "endpoint": "https://minio.minio.svc", "service": service(ports: servicePorts),
                    "endpointSlices": .array(Array(repeating: slice(ports: slicePorts), count: slices)),
                ])
        }
        XCTAssertEqual(
            issues(storage(servicePorts: 129)),
            [FieldIssue(pointer: "/objectStorage/service/spec/ports", message: "has 129 ports; at most 128 are accepted")])
        XCTAssertEqual(
            issues(storage(slices: 33)),
            [FieldIssue(pointer: "/objectStorage/endpointSlices", message: "has 33 EndpointSlices; at most 32 are accepted")])
        XCTAssertEqual(
            issues(storage(slicePorts: 101)),
            [FieldIssue(pointer: "/objectStorage/endpointSlices/0/ports", message: "has 101 ports; at most 100 are accepted")])
        XCTAssertEqual(issues(storage(servicePorts: 128, slices: 32, slicePorts: 100)), [])
    }

    /// Alertmanager endpoints in all (global and every tenant's): the flow matrix probes each
    /// distinct port, so the total is bounded; the error is at the list that crosses it.
    func testAlertmanagerEndpointsInAll() {
        func list(_ n: Int, _ tag: String) -> JSONValue { strings(n) { "http://am-\(tag)-\($0):\(9000 + $0)" } }
        func ruler(tenants: [(String, Int)]) -> JSONValue {
            let overrides = JSONObject(tenants.map { ($0.0, ["alertmanager": ["endpoints": list($0.1, $0.0)]] as JSONValue) })
            return ["kind": "RulerConfig", "spec": ["alertmanager": ["endpoints": list(64, "g")], "overrides": .object(overrides)]]
        }
        XCTAssertEqual(InputLimits.maxAlertmanagerEndpointsInAll, 256)
        let atLimit = ruler(tenants: [("z", 64), ("a", 64), ("m", 64), ("empty", 0)])
        XCTAssertEqual(issues(InputTestSupport.input(rulerConfig: atLimit)), [])
        let past = ruler(tenants: [("z", 64), ("a", 64), ("m", 63), ("b", 2), ("c", 64)])
        XCTAssertEqual(
            issues(InputTestSupport.input(rulerConfig: past)),
            [
                FieldIssue(
                    pointer: "/rulerConfig/spec/overrides/b/alertmanager/endpoints",
                    message: "brings the Alertmanager endpoints of the RulerConfig to 257 (spec.alertmanager and every tenant's); "
                        + "at most 256 are accepted in all")
            ])
    }

    /// Items past a list's limit are not validated: the errors stay bounded by the limits.
    func testItemsPastTheLimitAreNotValidated() {
        let badValues = strings(300) { "bad value \($0)" }
        let cluster: JSONValue = ["prometheus": ["podSelector": ["matchExpressions": [["key": "k", "operator": "In", "values": badValues]]]]]
        guard case .failure(let found) = InputTestSupport.resolve(InputTestSupport.input(cluster: cluster)) else {
            return XCTFail("accepted")
        }
        XCTAssertEqual(found.problemCount, 1 + InputLimits.maxSelectorExpressionValues)
        XCTAssertEqual(found.issues.first?.pointer, "/cluster/prometheus/podSelector/matchExpressions/0/values")
        let endpoints = strings(100) { "http://am\($0):0" }
        let ruler: JSONValue = ["kind": "RulerConfig", "spec": ["alertmanager": ["endpoints": endpoints]]]
        XCTAssertEqual(issues(InputTestSupport.input(rulerConfig: ruler)).count, 1 + InputLimits.maxAlertmanagerEndpoints)
    }

    /// Stored inputs from before the limits read back and resolve: the limits apply to new input only.
    func testStoredInputsAreNotHeldToListLimits() throws {
        let ruler: JSONValue = ["kind": "RulerConfig", "spec": ["alertmanager": ["endpoints": strings(65) { "http://am\($0):9093" }]]]
        let input = InputTestSupport.input(rulerConfig: ruler)
        XCTAssertEqual(issues(input).map(\.pointer), ["/rulerConfig/spec/alertmanager/endpoints"])
        let stored = try JSONValue.parseJSON(input.envelope.canonicalJSONBytes())
        XCTAssertNoThrow(try PolicyInput(envelope: stored).resolve())
        // A stored envelope larger than the decoded-size budget (as old alias bodies were stored) reads back too.
        var big = JSONObject()
        big["lokistack"] = ["kind": "LokiStack", "metadata": ["name": "s", "namespace": "ns"], "spec": [:], "x": .string(String(repeating: "y", count: 2 * limit))]
        XCTAssertNoThrow(try PolicyInput(envelope: JSONValue.parseJSON(JSONValue.object(big).canonicalJSONBytes())).resolve())
    }
}
