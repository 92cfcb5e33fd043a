import Foundation
import XCTest
import HTTPTestSupport

/// A storage Secret and a RulerConfig in a YAML stream: their credentials (and a URL's
/// `user:password@`) never reach the database file, the log, or any response.
final class SecretHandlingTests: ServiceTestCase {
    let sentinels = [
        "AKIASECRETSENTINEL01", "sEcReTsEnTiNeL02", "PASSWORD-SENTINEL-04", "USERSENTINEL", "PASSSENTINEL05",
        "RULER-PASSWORD-SENTINEL-06", "RULER-TOKEN-SENTINEL-07",
        Data("PASSWORD-SENTINEL-04".utf8).base64EncodedString(), Data("bucket-sentinel-03".utf8).base64EncodedString(),
    ]

    func stream(secretName: String = "s3-secret") -> String {
        """
        apiVersion: loki.grafana.com/v1
        kind: LokiStack
        metadata:
          name: dev
          namespace: logging
        spec:
          networkPolicies:
            disabled: false
          storage:
            secret:
              name: s3-secret
              type: s3
          tenants:
            mode: openshift-logging
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: \(secretName)
          namespace: logging
        stringData:
          endpoint: https://USERSENTINEL:PASSSENTINEL05@minio.example.com:9000
          access_key_id: AKIASECRETSENTINEL01
          access_key_secret: sEcReTsEnTiNeL02
        data:
          password: \(Data("PASSWORD-SENTINEL-04".utf8).base64EncodedString())
          bucketnames: \(Data("bucket-sentinel-03".utf8).base64EncodedString())
        ---
        apiVersion: loki.grafana.com/v1
        kind: RulerConfig
        metadata:
          name: ruler
          namespace: logging
        spec:
          alertmanager:
            endpoints: ["http://am.monitoring.svc:9093"]
            client:
              basicAuth: {username: ruler-user, password: RULER-PASSWORD-SENTINEL-06}
          overrides:
            application:
              alertmanager:
                endpoints: ["http://am.monitoring.svc:9093"]
                client:
                  headerAuth: {type: Bearer, credentials: RULER-TOKEN-SENTINEL-07}
        """
    }

    func testCredentialsNeverLeak() throws {
        let stack = Inputs.stackPath()
        let yaml = [("Content-Type", "application/yaml")]
        var responses: [HTTPTestResponse] = []
        let created = try client.request("PUT", stack + "?platform=openshift&openshiftVersion=4.20", headers: yaml, text: stream())
        assertStatus(created, 201)
        responses.append(created)
        // The endpoint's port made it into the policies: the Secret was read, not ignored.
        let policies = try get(stack + "/policies")
        XCTAssertTrue(policies.text.contains("\"port\":9000"), policies.text)
        responses.append(policies)
        responses.append(try get(stack + "/policies", accept: "application/yaml"))
        responses.append(try get(stack))
        responses.append(try get(stack + "/revisions"))
        responses.append(try get(stack + "/revisions/1"))
        responses.append(try get(stack + "/revisions/1/policies"))
        responses.append(try get(stack + "/diff?view=flows"))
        responses.append(try get(stack + "/flows"))
        responses.append(try get("/v1/lokistacks"))
        for path in ["/v1/render?platform=openshift", "/v1/flows", stack + "/plan"] {
            let response = try client.request("POST", path, headers: yaml, text: stream())
            XCTAssertEqual(response.status, 200, "\(path): \(response)")
            responses.append(response)
        }
        // The RulerConfig was read: each credential dropped is a warning at its pointer.
        let rendered = try client.request("POST", "/v1/render?platform=openshift", headers: yaml, text: stream())
        for pointer in [
            "/rulerConfig/spec/alertmanager/client/basicAuth/password",
            "/rulerConfig/spec/overrides/application/alertmanager/client/headerAuth/credentials",
        ] {
            XCTAssertTrue(rendered.text.contains("\"pointer\":\"\(pointer)\""), "no warning at \(pointer): \(rendered.text)")
        }
        responses.append(try client.request("POST", stack + "/plan", headers: yaml + [("Accept", "text/x-diff")], text: stream()))
        // Invalid inputs carrying the Secret: the errors must not echo it either.
        let mismatched = try client.request("POST", "/v1/render", headers: yaml, text: stream(secretName: "other"))
        assertStatus(mismatched, 422)
        responses.append(mismatched)
        let badBase64 = stream().replacingOccurrences(of: "  password: ", with: "  password: !!notbase64 ")
        responses.append(try client.request("POST", "/v1/render", headers: yaml, text: badBase64))
        let badPort = stream().replacingOccurrences(of: "minio.example.com:9000", with: "minio.example.com:99999")
        let badPortResponse = try client.request("PUT", stack, headers: yaml, text: badPort)
        assertStatus(badPortResponse, 422)
        XCTAssertEqual(pointers(badPortResponse), ["/objectStorage/endpoint"])
        responses.append(badPortResponse)
        let unparseable = stream() + "\n  broken: [unclosed\n"
        let unparseableResponse = try client.request("PUT", stack, headers: yaml, text: unparseable)
        assertStatus(unparseableResponse, 400)
        responses.append(unparseableResponse)

        for response in responses {
            let everything = response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") + "\n" + response.text
            for sentinel in sentinels {
                XCTAssertFalse(everything.contains(sentinel), "response leaks \(sentinel): \(response)")
            }
        }
        XCTAssertEqual(server.terminate(), 0)
        let files = ["", "-wal", "-shm"].map { server.databasePath + $0 } + [server.logPath]
        var scanned = 0
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            scanned += 1
            for sentinel in sentinels {
                XCTAssertNil(data.range(of: Data(sentinel.utf8)), "\(path) contains \(sentinel)")
            }
        }
        XCTAssertGreaterThanOrEqual(scanned, 2, "the database and the log were scanned")
        let stored = ["", "-wal"].compactMap { FileManager.default.contents(atPath: server.databasePath + $0) }
        XCTAssertTrue(
            stored.contains { $0.range(of: Data("minio.example.com:9000".utf8)) != nil },
            "the endpoint itself (without credentials) is stored")
    }
}
