import Foundation
import XCTest

@testable import PolicyCore

/// The three input forms (api.md "Input forms"), the Secret reduction (§1.3) and the envelope API.
final class InputFormsTests: XCTestCase {
    private func fixture(_ name: String, _ ext: String) throws -> [UInt8] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    private let streamOverrides = ClusterOverrides(platform: "openshift", openshiftVersion: "4.20", userWorkload: true)

    // MARK: - Same input, three forms

    func testEnvelopeJSONShuffledYAMLAndStreamGiveEqualOptionsAndEnvelope() throws {
        let json = try PolicyInput.decode(try fixture("input-envelope", "json"), format: .json)
        let yaml = try PolicyInput.decode(try fixture("input-shuffled", "yaml"), format: .yaml)
        let stream = try PolicyInput.decode(try fixture("input-stream", "yaml"), format: .yaml).applying(streamOverrides)

        XCTAssertEqual(json, yaml)
        XCTAssertEqual(json, stream)
        XCTAssertEqual(json.envelope.canonicalJSONBytes(), yaml.envelope.canonicalJSONBytes())
        XCTAssertEqual(json.envelope.canonicalJSONBytes(), stream.envelope.canonicalJSONBytes())

        let expected = RenderOptions(
            name: "logging-loki", namespace: "openshift-logging", platform: .openshift,
            enablement: .enabledExplicitly, tenantsMode: .openshiftLogging, gateway: true, serviceMonitors: true,
            rulerEnabled: true, clusterMonitoringAlertmanager: true, userWorkloadAlertmanager: true,
            alertmanagerPorts: [9093, 9094, 9443], objectStoragePorts: [8443, 3128, 3129],
            prometheus: NetworkPolicyPeer(
                podSelector: LabelSelector(matchLabels: ["app.kubernetes.io/name": "prometheus"]),
                namespaceSelector: LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "openshift-monitoring"])),
            warnings: [])
        XCTAssertEqual(try json.resolve(), expected)
        XCTAssertEqual(try yaml.resolve(), expected)
        XCTAssertEqual(try stream.resolve(), expected)
    }

    func testStreamSecretCredentialsNeverReachTheInput() throws {
        let stream = try PolicyInput.decode(try fixture("input-stream", "yaml"), format: .yaml)
        let stored = String(decoding: stream.envelope.canonicalJSONBytes(), as: UTF8.self)
        for secret in [
            "AKIAEXAMPLEKEYID0001", "QUtJQUVYQU1QTEVLRVlJRDAwMDE=", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "d0phbHJYVXRuRkVNSS9LN01ERU5HL2JQeFJmaUNZRVhBTVBMRUtFWQ==", "access_key", "bucketnames", "bG9raQ==",
        ] {
            XCTAssertFalse(stored.contains(secret), "stored input contains \(secret)")
            XCTAssertFalse(String(decoding: stream.envelope.jsonBytes(), as: UTF8.self).contains(secret))
        }
        XCTAssertEqual(stream.objectStorage, ["endpoint": "https://s3.eu-west-1.amazonaws.com:8443"])
    }

    func testBareLokiStackJSONIsReadAsTheEnvelopeLokistack() throws {
        let bare = #"{"apiVersion":"loki.grafana.com/v1","kind":"LokiStack","metadata":{"name":"a","namespace":"b"},"spec":{"x":1}}"#
        let input = try InputTestSupport.decodeJSON(bare)
        XCTAssertEqual(input.envelope, ["lokistack": try JSONValue.parseJSON(Array(bare.utf8))])
        XCTAssertNil(input.rulerConfig)
        XCTAssertNil(input.objectStorage)
        XCTAssertNil(input.cluster)
    }

    func testBareLokiStackErrorsPointIntoTheEnvelope() {
        let result = InputTestSupport.resolveYAML(
            """
            kind: LokiStack
            metadata: {name: a, namespace: b}
            spec:
              tenants: {mode: single}
            """)
        XCTAssertEqual(issues(result).map(\.pointer), ["/lokistack/spec/tenants/mode"])
    }

    // MARK: - Form detection and stream rules

    func testInputFormatFromMediaTypeAndContent() {
        let media: [(String, InputFormat?)] = [
            ("application/json", .json), ("Application/JSON; charset=utf-8", .json), ("application/yaml", .yaml),
            ("application/x-yaml", .yaml), ("text/yaml;charset=UTF-8", .yaml), (" text/yaml ", .yaml),
            ("text/plain", nil), ("application/json-patch+json", nil), ("", nil),
        ]
        for (type, format) in media { XCTAssertEqual(InputFormat(mediaType: type), format, type) }
        XCTAssertEqual(InputFormat.detect(Array(" \n {\"a\": 1}".utf8)), .json)
        XCTAssertEqual(InputFormat.detect([0xEF, 0xBB, 0xBF] + Array("{}".utf8)), .json)
        XCTAssertEqual(InputFormat.detect(Array("kind: LokiStack".utf8)), .yaml)
        XCTAssertEqual(InputFormat.detect(Array("---\n{}".utf8)), .yaml)
        XCTAssertEqual(InputFormat.detect([UInt8]()), .yaml)
    }

    func testEmptyInputIsAnInvalidErrorAtLokistack() {
        for (text, format) in [("", InputFormat.json), ("  \n", .json), ("", .yaml), ("---\n---\n", .yaml), ("# only a comment\n", .yaml)] {
            let error = inputError { () throws(InputError) in try PolicyInput.decode(Array(text.utf8), format: format) }
            XCTAssertEqual(error?.kind, .invalid, "\(text.debugDescription)")
            XCTAssertEqual(error?.issues.map(\.pointer), ["/lokistack"], "\(text.debugDescription)")
        }
    }

    func testDocumentWithNeitherLokistackNorKindIsAnErrorAtLokistack() {
        let error = inputError { () throws(InputError) in try InputTestSupport.decodeYAML("metadata: {name: a}\n") }
        XCTAssertEqual(error?.issues.map(\.pointer), ["/lokistack"])
    }

    func testStreamRules() {
        let stack = InputTestSupport.minimalStackYAML
        let cases: [(name: String, stream: String, pointers: [String])] = [
            ("unknown kind", "\(stack)\n---\nkind: ConfigMap\nmetadata: {name: x}\n", [""]),
            ("missing kind", "\(stack)\n---\nmetadata: {name: x}\n", [""]),
            ("second LokiStack", "\(stack)\n---\n\(stack)\n", ["/lokistack"]),
            ("second RulerConfig", "\(stack)\n---\nkind: RulerConfig\n---\nkind: RulerConfig\n", ["/rulerConfig"]),
            (
                "second Secret",
                "\(stack)\n---\nkind: Secret\nmetadata: {name: lokistack-object-storage}\n---\nkind: Secret\nmetadata: {name: lokistack-object-storage}\n",
                ["/objectStorage"]
            ),
            ("no LokiStack", "kind: RulerConfig\n---\nkind: Secret\nmetadata: {name: s}\n", ["/lokistack"]),
            ("envelope inside a stream", "\(stack)\n---\nlokistack: {}\n", [""]),
            ("scalar document", "\(stack)\n---\nhello\n", [""]),
        ]
        for c in cases {
            let error = inputError { () throws(InputError) in try InputTestSupport.decodeYAML(c.stream) }
            XCTAssertEqual(error?.kind, .invalid, c.name)
            XCTAssertEqual(error?.issues.map(\.pointer), c.pointers, c.name)
        }
    }

    func testStreamAcceptsServiceAndEndpointSlices() throws {
        let text = """
            \(InputTestSupport.minimalStackYAML)
            ---
            kind: Secret
            metadata: {name: lokistack-object-storage}
            stringData: {endpoint: "https://minio.minio.svc"}
            ---
            kind: Service
            metadata: {name: minio, namespace: minio}
            spec:
              ports: [{name: https, port: 443, targetPort: api}]
            ---
            kind: EndpointSlice
            metadata:
              name: minio-abc
              labels: {kubernetes.io/service-name: minio}
            ports: [{name: api, port: 9000}]
            """
        let input = try InputTestSupport.decodeYAML(text)
        XCTAssertEqual(input.objectStorage?["endpoint"], "https://minio.minio.svc")
        XCTAssertEqual(input.objectStorage?["service"]?["metadata"]?["name"], "minio")
        XCTAssertEqual(input.objectStorage?["endpointSlices"]?.arrayValue?.count, 1)
        XCTAssertEqual(try input.resolve().objectStoragePorts, [9000])
    }

    // MARK: - Secret reduction

    func testSecretReduction() throws {
        struct Case {
            var name: String
            var secret: String
            var endpoint: JSONValue?
            var authURL: JSONValue? = nil
        }
        // base64("https://a.example.com") and base64("https://b.example.com\n") (echo | base64).
        let a = "aHR0cHM6Ly9hLmV4YW1wbGUuY29t"
        let bNewline = "aHR0cHM6Ly9iLmV4YW1wbGUuY29tCg=="
        let cases = [
            Case(name: "data", secret: "data: {endpoint: \(a)}", endpoint: "https://a.example.com"),
            Case(name: "trailing newline trimmed", secret: "data: {endpoint: \(bNewline)}", endpoint: "https://b.example.com"),
            Case(
                name: "stringData wins", secret: "data: {endpoint: \(a)}\nstringData: {endpoint: ' https://s.example.com '}",
                endpoint: "https://s.example.com"),
            Case(
                name: "auth_url", secret: "stringData: {auth_url: 'https://keystone.example.com:5000/v3'}", endpoint: nil,
                authURL: "https://keystone.example.com:5000/v3"),
            Case(name: "userinfo removed", secret: "stringData: {endpoint: 'https://key:secret@s3.example.com'}", endpoint: "https://s3.example.com"),
            Case(name: "only credentials", secret: "stringData: {access_key_id: AKIA, access_key_secret: s3cr3t}", endpoint: nil),
        ]
        for c in cases {
            let text = "\(InputTestSupport.minimalStackYAML)\n---\nkind: Secret\nmetadata: {name: lokistack-object-storage}\n\(c.secret)\n"
            let input = try InputTestSupport.decodeYAML(text)
            XCTAssertEqual(input.objectStorage?["endpoint"], c.endpoint, c.name)
            XCTAssertEqual(input.objectStorage?["authURL"], c.authURL, c.name)
            let stored = String(decoding: input.envelope.canonicalJSONBytes(), as: UTF8.self)
            for word in ["secret@", "AKIA", "s3cr3t", "access_key"] {
                XCTAssertFalse(stored.contains(word), "\(c.name): stored input contains \(word)")
            }
        }
    }

    func testSecretErrors() {
        let cases: [(name: String, secret: String, pointer: String, fragment: String)] = [
            ("invalid base64", "metadata: {name: lokistack-object-storage}\ndata: {endpoint: 'not base64!'}", "/objectStorage/endpoint", "data.endpoint"),
            ("missing padding", "metadata: {name: lokistack-object-storage}\ndata: {endpoint: aHR0cA}", "/objectStorage/endpoint", "base64"),
            ("url-safe alphabet", "metadata: {name: lokistack-object-storage}\ndata: {auth_url: 'aHR0cDovL2E_Yg=='}", "/objectStorage/authURL", "data.auth_url"),
            ("wrong name", "metadata: {name: other-secret}\nstringData: {endpoint: 'https://a'}", "/objectStorage", "other-secret"),
            ("no name", "stringData: {endpoint: 'https://a'}", "/objectStorage", "metadata.name"),
            ("data not a map", "metadata: {name: lokistack-object-storage}\ndata: [1]", "/objectStorage", "data"),
        ]
        for c in cases {
            let text = "\(InputTestSupport.minimalStackYAML)\n---\nkind: Secret\n\(c.secret)\n"
            let error = inputError { () throws(InputError) in try InputTestSupport.decodeYAML(text) }
            XCTAssertEqual(error?.issues.map(\.pointer), [c.pointer], c.name)
            XCTAssertTrue(error?.issues.first?.message.contains(c.fragment) ?? false, "\(c.name): \(String(describing: error))")
        }
    }

    func testSecretWithoutStackSecretNameIsAnError() {
        let text = """
            kind: LokiStack
            metadata: {name: a, namespace: b}
            ---
            kind: Secret
            metadata: {name: s}
            stringData: {endpoint: "https://a"}
            """
        let error = inputError { () throws(InputError) in try InputTestSupport.decodeYAML(text) }
        XCTAssertEqual(error?.issues.map(\.pointer), ["/objectStorage"])
    }

    func testDecodeErrorsComeWithValidationErrorsInDocumentOrder() {
        let text = """
            kind: Secret
            metadata: {name: wrong}
            ---
            kind: LokiStack
            metadata: {name: a, namespace: b}
            spec:
              tenants: {mode: bogus}
              storage: {secret: {name: s, type: s3}}
            """
        let error = inputError { () throws(InputError) in try InputTestSupport.decodeYAML(text) }
        XCTAssertEqual(error?.issues.map(\.pointer), ["/objectStorage", "/lokistack/spec/tenants/mode"])
    }

    func testDocumentsNestAtMost61LevelsSoEveryEnvelopeReadsBack() throws {
        // An EndpointSlice sits three levels down in the envelope: 61 + 3 = 64.
        func stream(sliceDepth: Int) -> String {
            let nested = String(repeating: "[", count: sliceDepth - 1) + String(repeating: "]", count: sliceDepth - 1)
            return "\(InputTestSupport.minimalStackYAML)\n---\nkind: EndpointSlice\nx: \(nested)\n"
        }
        let input = try InputTestSupport.decodeYAML(stream(sliceDepth: 61))
        let stored = input.envelope.canonicalJSONBytes()
        XCTAssertEqual(try PolicyInput(envelope: try JSONValue.parseJSON(stored)), input)
        let error = inputError { () throws(InputError) in try InputTestSupport.decodeYAML(stream(sliceDepth: 62)) }
        XCTAssertEqual(error?.kind, .unparseable)
        let deepJSON = "{\"lokistack\": " + String(repeating: "[", count: 61) + String(repeating: "]", count: 61) + "}"
        XCTAssertEqual(inputError { () throws(InputError) in try InputTestSupport.decodeJSON(deepJSON) }?.kind, .unparseable)
    }

    // MARK: - Envelope rules

    func testEnvelopeRejectsUnknownMembersAndObjectStorageExtras() {
        let text = #"""
            {"lokistack": {"kind": "LokiStack", "metadata": {"name": "a", "namespace": "b"}},
             "objectStorage": {"endpoint": "https://s3", "secretAccessKey": "s3cr3t"},
             "clusters": {}}
            """#
        let error = inputError { () throws(InputError) in try InputTestSupport.decodeJSON(text) }
        XCTAssertEqual(error?.issues.map(\.pointer), ["/objectStorage/secretAccessKey", "/clusters"])
        XCTAssertFalse(error?.issues.contains { $0.message.contains("s3cr3t") } ?? true)
    }

    func testEnvelopeNullMembersAreAbsent() throws {
        let input = try InputTestSupport.decodeJSON(
            #"{"lokistack": {"metadata": {"name": "a", "namespace": "b"}}, "rulerConfig": null, "objectStorage": null, "cluster": null}"#)
        XCTAssertNil(input.rulerConfig)
        XCTAssertNil(input.objectStorage)
        XCTAssertNil(input.cluster)
        XCTAssertEqual(try input.resolve().name, "a")
    }

    func testEnvelopeRoundTripsThroughInitEnvelope() throws {
        let input = try PolicyInput.decode(try fixture("input-envelope", "json"), format: .json)
        let stored = input.envelope.canonicalJSONBytes()
        let restored = try PolicyInput(envelope: try JSONValue.parseJSON(stored))
        XCTAssertEqual(restored, input)
        XCTAssertEqual(try restored.resolve(), try input.resolve())
        XCTAssertEqual(restored.envelope.canonicalJSONBytes(), stored)
    }

    func testInitEnvelopeAppliesEnvelopeRules() {
        let error = inputError { () throws(InputError) in try PolicyInput(envelope: ["rulerConfig": [:]]) }
        XCTAssertEqual(error?.issues.map(\.pointer), ["/lokistack"])
        let notObject = inputError { () throws(InputError) in try PolicyInput(envelope: "x") }
        XCTAssertEqual(notObject?.issues.count, 1)
    }

    func testUserInfoIsRemovedFromEveryReadURL() throws {
        let text = #"""
            {"lokistack": {"metadata": {"name": "a", "namespace": "b"},
               "spec": {"storage": {"secret": {"type": "s3"}}, "proxy": {"httpProxy": "http://u:p1@proxy:3128", "httpsProxy": "https://u:p2@proxy:3129"}}},
             "rulerConfig": {"spec": {"alertmanager": {"endpoints": ["https://u:p3@am:9443"]},
               "overrides": {"t": {"alertmanager": {"endpoints": ["http://u:p4@am2"]}}}}},
             "objectStorage": {"endpoint": "https://u:p5@s3:9000", "authURL": "//u:p6@keystone:5000"}}
            """#
        let input = try InputTestSupport.decodeJSON(text)
        let stored = String(decoding: input.envelope.jsonBytes(), as: UTF8.self)
        for n in 1...6 { XCTAssertFalse(stored.contains("p\(n)@"), "password p\(n) kept: \(stored)") }
        XCTAssertEqual(input.lokistack["spec"]?["proxy"]?["httpProxy"], "http://proxy:3128")
        XCTAssertEqual(input.objectStorage?["authURL"], "//keystone:5000")
        XCTAssertEqual(try input.resolve().objectStoragePorts, [9000, 3128, 3129])
        // The public initialiser scrubs too.
        let built = PolicyInput(lokistack: input.lokistack, objectStorage: ["endpoint": "https://k:s@h"])
        XCTAssertEqual(built.objectStorage?["endpoint"], "https://h")
    }

    // MARK: - identified(namespace:name:)

    func testIdentifiedFillsMissingNameAndNamespace() throws {
        let input = try InputTestSupport.decodeYAML("kind: LokiStack\nspec: {size: 1x.small}\n")
        let named = try input.identified(namespace: "ns", name: "stack")
        XCTAssertEqual(named.lokistack["metadata"]?["name"], "stack")
        XCTAssertEqual(named.lokistack["metadata"]?["namespace"], "ns")
        XCTAssertEqual(try named.resolve().name, "stack")
    }

    func testIdentifiedReportsMismatches() throws {
        let input = try InputTestSupport.decodeYAML("kind: LokiStack\nmetadata: {namespace: other, name: wrong}\n")
        let error = inputError { () throws(InputError) in try input.identified(namespace: "ns", name: "stack") }
        XCTAssertEqual(error?.kind, .invalid)
        // Document order: namespace is written first.
        XCTAssertEqual(error?.issues.map(\.pointer), ["/lokistack/metadata/namespace", "/lokistack/metadata/name"])
        let same = try input.identified(namespace: "other", name: "wrong")
        XCTAssertEqual(same, input)
    }
}
