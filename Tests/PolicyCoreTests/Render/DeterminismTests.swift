import XCTest

@testable import PolicyCore

/// The same stack in three input forms renders to identical bytes, and a Secret's
/// credentials appear in no output (spec §1, §1.3, §8).
final class DeterminismTests: XCTestCase {
    static let envelopeJSON = """
        {"lokistack":{"apiVersion":"loki.grafana.com/v1","kind":"LokiStack",
          "metadata":{"name":"lokistack-prod","namespace":"openshift-logging"},
          "spec":{"size":"1x.medium","storage":{"secret":{"name":"lokistack-s3","type":"s3"}},
                  "tenants":{"mode":"openshift-logging"},"rules":{"enabled":true},
                  "proxy":{"httpsProxy":"http://proxy.example.com:3128"}}},
         "rulerConfig":{"apiVersion":"loki.grafana.com/v1","kind":"RulerConfig",
          "metadata":{"name":"ruler","namespace":"openshift-logging"},
          "spec":{"alertmanager":{"endpoints":["https://am.example.com:9094"]},
                  "overrides":{"team-a":{"alertmanager":{"endpoints":["https://am-a.example.com"]}}}}},
         "objectStorage":{"endpoint":"https://s3.example.com:9000"}}
        """

    /// The same envelope in YAML, keys in another order, with comments and quoting.
    static let shuffledYAML = """
        # same stack, written differently
        objectStorage:
          endpoint: "https://s3.example.com:9000"
        rulerConfig:
          spec:
            overrides:
              team-a:
                alertmanager:
                  endpoints: ['https://am-a.example.com']
            alertmanager:
              endpoints:
                - https://am.example.com:9094
          metadata: {namespace: openshift-logging, name: ruler}
          kind: RulerConfig
          apiVersion: loki.grafana.com/v1
        lokistack:
          spec:
            proxy: {httpsProxy: "http://proxy.example.com:3128"}
            rules: {enabled: true}
            tenants:
              mode: openshift-logging
            storage:
              secret: {type: s3, name: lokistack-s3}
            size: 1x.medium
          metadata:
            namespace: openshift-logging
            name: lokistack-prod
          kind: LokiStack
          apiVersion: loki.grafana.com/v1
        """

    static let accessKey = "AKIAEXAMPLEKEYID0042"
    static let secretKey = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYSECRET"

    /// A manifest stream with the storage Secret (credentials included).
    static let streamWithSecret = """
        apiVersion: loki.grafana.com/v1
        kind: LokiStack
        metadata:
          name: lokistack-prod
          namespace: openshift-logging
        spec:
          size: 1x.medium
          storage:
            secret:
              name: lokistack-s3
              type: s3
          tenants:
            mode: openshift-logging
          rules:
            enabled: true
          proxy:
            httpsProxy: http://proxy.example.com:3128
        ---
        apiVersion: loki.grafana.com/v1
        kind: RulerConfig
        metadata:
          name: ruler
          namespace: openshift-logging
        spec:
          alertmanager:
            endpoints:
            - https://am.example.com:9094
          overrides:
            team-a:
              alertmanager:
                endpoints:
                - https://am-a.example.com
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: lokistack-s3
          namespace: openshift-logging
        stringData:
          endpoint: https://s3.example.com:9000
          access_key_id: \(accessKey)
          access_key_secret: \(secretKey)
          bucketnames: logs
        """

    private struct Rendered: Equatable {
        var yaml: [UInt8]
        var result: [UInt8]
        var list: [UInt8]
        var envelope: [UInt8]
    }

    private func render(_ text: String, _ format: InputFormat) throws -> Rendered {
        let input = try PolicyInput.decode(Array(text.utf8), format: format)
            .applying(ClusterOverrides(platform: "openshift", openshiftVersion: "4.20"))
        let result = PolicyGenerator.render(try input.resolve())
        return Rendered(
            yaml: PolicyEncoding.yaml(result.policies), result: PolicyEncoding.renderResultJSON(result),
            list: result.canonicalListJSON, envelope: input.envelope.canonicalJSONBytes())
    }

    func testThreeInputFormsRenderIdentically() throws {
        let fromJSON = try render(Self.envelopeJSON, .json)
        let fromYAML = try render(Self.shuffledYAML, .yaml)
        let fromStream = try render(Self.streamWithSecret, .yaml)
        XCTAssertEqual(fromYAML.yaml, fromJSON.yaml)
        XCTAssertEqual(fromYAML.result, fromJSON.result)
        XCTAssertEqual(fromStream.yaml, fromJSON.yaml)
        XCTAssertEqual(fromStream.result, fromJSON.result)
        XCTAssertEqual(fromStream.list, fromJSON.list)
        // The rendered set is the full typical one, with the ports this input implies.
        let text = String(decoding: fromJSON.yaml, as: UTF8.self)
        XCTAssertEqual(text.components(separatedBy: "\n---\n").count, 8)
        XCTAssertTrue(text.contains("- port: 9000\n      protocol: TCP\n    - port: 3128\n"), "objstore then proxy")
        XCTAssertTrue(text.contains("- port: 9093\n      protocol: TCP\n    - port: 9094\n"), "AM ports sorted")
    }

    func testRenderingTwiceGivesTheSameBytes() throws {
        XCTAssertEqual(try render(Self.streamWithSecret, .yaml), try render(Self.streamWithSecret, .yaml))
    }

    func testSecretCredentialsAppearInNoOutput() throws {
        let rendered = try render(Self.streamWithSecret, .yaml)
        for output in [rendered.yaml, rendered.result, rendered.list, rendered.envelope] {
            let text = String(decoding: output, as: UTF8.self)
            XCTAssertFalse(text.contains(Self.accessKey))
            XCTAssertFalse(text.contains(Self.secretKey))
            XCTAssertFalse(text.contains("access_key"))
        }
        let golden = try GoldenTests.read("edge-stream-with-secret", "result.json")
        let goldenText = String(decoding: golden, as: UTF8.self)
        XCTAssertFalse(goldenText.contains("QUtJQUVYQU1QTEVLRVlJRA"))
        XCTAssertFalse(goldenText.contains("AKIAEXAMPLEKEYID"))
    }
}
