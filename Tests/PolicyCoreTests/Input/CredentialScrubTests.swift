import Foundation
import XCTest
@testable import PolicyCore

/// RulerConfig credentials are dropped at decode time: they appear nowhere in the stored
/// envelope, the render result or the warnings, and each one dropped is a warning at its pointer.
final class CredentialScrubTests: XCTestCase {
    private static let sentinel = "CREDENTIAL-SENTINEL-7f3a"

    private struct Case {
        var name: String
        /// The RulerConfig `spec`, YAML lines indented by two spaces.
        var rulerSpec: String
        /// Pointers of the expected "credential dropped" warnings, in document order.
        var dropped: [String]
        /// Text that must survive the scrub (a non-credential neighbour).
        var kept: [String]
    }

    private static let cases: [Case] = [
        Case(
            name: "global basicAuth password",
            rulerSpec: """
                  alertmanager:
                    endpoints: ["http://am.monitoring.svc:9093"]
                    client:
                      basicAuth:
                        username: alert-user
                        password: \(sentinel)
                """,
            dropped: ["/rulerConfig/spec/alertmanager/client/basicAuth/password"], kept: ["alert-user"]),
        Case(
            name: "global headerAuth credentials",
            rulerSpec: """
                  alertmanager:
                    endpoints: ["http://am.monitoring.svc:9093"]
                    client:
                      headerAuth:
                        type: Bearer
                        credentials: \(sentinel)
                        credentialsFile: /etc/am/token
                """,
            dropped: ["/rulerConfig/spec/alertmanager/client/headerAuth/credentials"], kept: ["Bearer", "/etc/am/token"]),
        Case(
            name: "per-tenant basicAuth and headerAuth",
            rulerSpec: """
                  overrides:
                    application:
                      alertmanager:
                        endpoints: ["http://am-app.monitoring.svc:9094"]
                        client:
                          basicAuth: {username: app-user, password: \(sentinel)-app}
                    infrastructure:
                      alertmanager:
                        endpoints: ["http://am-infra.monitoring.svc:9095"]
                        client:
                          headerAuth: {type: Bearer, credentials: \(sentinel)-infra}
                """,
            dropped: [
                "/rulerConfig/spec/overrides/application/alertmanager/client/basicAuth/password",
                "/rulerConfig/spec/overrides/infrastructure/alertmanager/client/headerAuth/credentials",
            ],
            kept: ["app-user", "am-infra.monitoring.svc:9095"]),
        Case(
            name: "remote-write additionalHeaders",
            rulerSpec: """
                  remoteWrite:
                    enabled: true
                    client:
                      name: rw
                      url: https://prom.example.com/api/v1/write
                      authorization: header
                      authorizationSecretName: rw-secret
                      additionalHeaders:
                        Authorization: Bearer \(sentinel)
                """,
            dropped: ["/rulerConfig/spec/remoteWrite/client/additionalHeaders"], kept: ["rw-secret", "prom.example.com"]),
        Case(
            name: "user:password@ in external, remote-write and proxy URLs (silent)",
            rulerSpec: """
                  alertmanager:
                    externalUrl: https://user:\(sentinel)@alerts.example.com/
                    endpoints: ["http://am:\(sentinel)@am.monitoring.svc:9093"]
                  remoteWrite:
                    client:
                      url: https://rw:\(sentinel)@prom.example.com/write
                      proxyUrl: http://px:\(sentinel)@proxy.example.com:3128
                """,
            dropped: [], kept: ["alerts.example.com/", "prom.example.com/write", "proxy.example.com:3128"]),
        Case(
            name: "null and absent credentials are no warning",
            rulerSpec: """
                  alertmanager:
                    endpoints: ["http://am.monitoring.svc:9093"]
                    client:
                      basicAuth: {username: alert-user, password: null}
                      tls: {serverName: am.monitoring.svc}
                """,
            dropped: [], kept: ["alert-user"]),
    ]

    private func stream(_ rulerSpec: String) -> String {
        InputTestSupport.minimalStackYAML + """

              rules:
                enabled: true
            ---
            apiVersion: loki.grafana.com/v1
            kind: RulerConfig
            metadata:
              name: ruler
              namespace: openshift-logging
            spec:
            \(rulerSpec)
            """
    }

    func testCredentialsAreDroppedWithAWarning() throws {
        let sentinel = Data(Self.sentinel.utf8)
        for c in Self.cases {
            let decoded = try InputTestSupport.decodeYAML(stream(c.rulerSpec))
            // Both the decoded input and one re-read from its stored envelope.
            let stored = decoded.envelope.canonicalJSONBytes()
            let reread = try PolicyInput(envelope: try JSONValue.parseJSON(stored))
            for (form, input) in [("decoded", decoded), ("re-read", reread)] {
                let envelope = Data(input.envelope.canonicalJSONBytes())
                XCTAssertNil(envelope.range(of: sentinel), "\(c.name) (\(form)): envelope holds the credential")
                for text in c.kept {
                    XCTAssertNotNil(envelope.range(of: Data(text.utf8)), "\(c.name) (\(form)): \(text) was lost")
                }
                guard let options = options(InputTestSupport.resolve(input)) else { continue }
                let result = PolicyGenerator.render(options)
                let rendered = Data(PolicyEncoding.renderResultJSON(result))
                XCTAssertNil(rendered.range(of: sentinel), "\(c.name) (\(form)): render result holds the credential")
                for warning in result.warnings {
                    XCTAssertFalse(warning.message.contains(Self.sentinel) || warning.pointer.contains(Self.sentinel), c.name)
                }
                let droppedWarnings = result.warnings.filter { $0.message == CredentialScrub.droppedMessage }
                // The stored envelope no longer holds the credential, so only the decode warns.
                XCTAssertEqual(droppedWarnings.map(\.pointer), form == "decoded" ? c.dropped : [], "\(c.name) (\(form))")
            }
            XCTAssertEqual(decoded, reread, "\(c.name): dropping is idempotent")
        }
    }

    func testEnvelopeFormIsScrubbedToo() throws {
        let json = """
            {"lokistack":{"kind":"LokiStack","metadata":{"name":"s","namespace":"ns"},
             "spec":{"rules":{"enabled":true},"storage":{"secret":{"name":"x","type":"s3"}}}},
             "rulerConfig":{"kind":"RulerConfig","spec":{"alertmanager":{"endpoints":["http://am:9093"],
              "client":{"basicAuth":{"username":"u","password":"\(Self.sentinel)"}}}}}}
            """
        let input = try InputTestSupport.decodeJSON(json)
        XCTAssertFalse(String(decoding: input.envelope.canonicalJSONBytes(), as: UTF8.self).contains(Self.sentinel))
        let warnings = options(InputTestSupport.resolve(input))?.warnings ?? []
        XCTAssertEqual(
            warnings, [FieldIssue(pointer: "/rulerConfig/spec/alertmanager/client/basicAuth/password", message: CredentialScrub.droppedMessage)])
    }

    /// Issue 8: user info of every URL field, secrets holding '/', '?', '#' and ':', is removed
    /// before anything is parsed, stored or quoted; a bad port after it is an error that quotes
    /// only the port.
    func testUserInfoOfEveryURLFieldIsRemoved() throws {
        let secret = "wJalrXUt/nFEMI?K7#MDENG"
        let user = "AKIAUSERINFO"
        func url(_ host: String) -> String { "https://\(user):\(secret)@\(host)" }
        let text = """
            lokistack:
              kind: LokiStack
              metadata: {name: s, namespace: ns}
              spec:
                storage: {secret: {name: x, type: swift}}
                rules: {enabled: true}
                proxy: {httpProxy: "\(url("proxy:3128"))", httpsProxy: "\(user):\(secret)@proxy:3129"}
            objectStorage: {endpoint: "\(url("s3.example.com"))", authURL: "\(url("keystone:5000/v3"))"}
            rulerConfig:
              kind: RulerConfig
              spec:
                alertmanager: {endpoints: ["\(url("am:9093"))", "//\(user):\(secret)@am2:9094"], externalUrl: "\(url("ext"))"}
                remoteWrite: {client: {url: "\(url("rw:9090"))", proxyUrl: "\(url("rwproxy:8080"))"}}
                overrides:
                  t1: {alertmanager: {endpoints: ["\(url("am3:9095"))"], externalUrl: "\(url("ext3"))"}}
            """
        let input = try InputTestSupport.decodeYAML(text)
        let envelope = String(decoding: input.envelope.canonicalJSONBytes(), as: UTF8.self)
        for fragment in [user, "wJalrXUt", "nFEMI", "MDENG"] {
            XCTAssertFalse(envelope.contains(fragment), "\(fragment) in \(envelope)")
        }
        let resolved = try XCTUnwrap(options(InputTestSupport.resolve(input)))
        XCTAssertEqual(resolved.objectStoragePorts, [5000, 443, 3128, 3129])
        XCTAssertEqual(resolved.alertmanagerPorts, [9093, 9094, 9095])
        // Each of those secrets holds '/': the removal reached past what RFC 3986 reads as the
        // authority, and each field says so (without the value).
        let pastAuthority = resolved.warnings.filter { $0.message == CredentialScrub.userInfoPastAuthorityMessage }
        XCTAssertEqual(
            pastAuthority.map(\.pointer),
            [
                "/lokistack/spec/proxy/httpProxy", "/lokistack/spec/proxy/httpsProxy", "/objectStorage/endpoint",
                "/objectStorage/authURL", "/rulerConfig/spec/alertmanager/endpoints/0",
                "/rulerConfig/spec/alertmanager/endpoints/1", "/rulerConfig/spec/alertmanager/externalUrl",
                "/rulerConfig/spec/remoteWrite/client/url", "/rulerConfig/spec/remoteWrite/client/proxyUrl",
                "/rulerConfig/spec/overrides/t1/alertmanager/endpoints/0",
                "/rulerConfig/spec/overrides/t1/alertmanager/externalUrl",
            ])
        // Those warnings are the submitted input's own (`credentialWarnings`): the copy read back
        // from the stored envelope holds no user info, so it resolves the same without them.
        XCTAssertEqual(Set(input.credentialWarnings.map(\.pointer)), Set(pastAuthority.map(\.pointer)))
        let restored = try PolicyInput(envelope: input.envelope)
        XCTAssertEqual(restored.credentialWarnings, [])
        var expected = resolved
        expected.warnings.removeAll { input.credentialWarnings.contains($0) }
        XCTAssertEqual(options(InputTestSupport.resolve(restored)), expected)

        // Plain user info within the authority is removed silently.
        let plain = InputTestSupport.input(objectStorage: ["endpoint": "https://user:pass@s3.example.com"])
        XCTAssertEqual(options(InputTestSupport.resolve(plain))?.warnings, [])

        // The issue's two cases: a port error quotes only the port; a digit run after ':' in the
        // secret is never read as a port.
        let bad = try InputTestSupport.decodeYAML(
            InputTestSupport.minimalStackYAML + "\n---\n" + "kind: Secret\nmetadata: {name: lokistack-object-storage}\n"
                + "stringData: {endpoint: \"https://AKIAEXAMPLE:wJalrXUt/nFEMI@s3.example.com:7x\"}\n")
        guard case .failure(let error) = InputTestSupport.resolve(bad) else { return XCTFail("port 7x accepted") }
        XCTAssertEqual(error.issues.map(\.pointer), ["/objectStorage/endpoint"])
        XCTAssertTrue(error.issues[0].message.contains("port \"7x\""), error.issues[0].message)
        XCTAssertFalse(error.issues[0].message.contains("wJalrXUt") || error.issues[0].message.contains("AKIA"))
        let digits = try InputTestSupport.decodeYAML(
            InputTestSupport.minimalStackYAML + "\n---\n" + "kind: Secret\nmetadata: {name: lokistack-object-storage}\n"
                + "stringData: {endpoint: \"https://AKIAEXAMPLE:4431/nFEMI@s3.example.com\"}\n")
        XCTAssertEqual(digits.objectStorage?["endpoint"], "https://s3.example.com")
        XCTAssertEqual(options(InputTestSupport.resolve(digits))?.objectStoragePorts, [443])
    }

    /// Issue 8: a Secret value that does not type-check is reported by key and line, never quoted
    /// (YAML scalars are typed before the Secret is reduced).
    func testSecretScalarErrorsNeverQuoteTheValue() {
        let values = [
            "0x4c08aa77f1e2d3c4b5a69788796a5b4c3d2e1f002318", "0o7777777777777777777777777777", "!!int 12ab34cd5678",
            "!!float x9f8e7d6c5b4a", "!!bool Q1w2e3r4t5y6", "!!null Z9y8x7w6v5u4", "!custom S3cr3tT4g", ".inf",
        ]
        for value in values {
            let text = InputTestSupport.minimalStackYAML + "\n---\nkind: Secret\nmetadata: {name: lokistack-object-storage}\n"
                + "stringData:\n  access_key_id: AKIAEXAMPLE\n  access_key_secret: \(value)\n"
            let error = inputError { () throws(InputError) in try InputTestSupport.decodeYAML(text) }
            let message = error?.issues.map(\.message).joined() ?? ""
            XCTAssertEqual(error?.kind, .unparseable, value)
            let body = value.split(separator: " ").last.map(String.init) ?? value
            XCTAssertFalse(message.contains(body), "\(value): \(message)")
            XCTAssertTrue(message.contains("line 17") && message.contains("\"access_key_secret\""), "\(value): \(message)")
        }
    }
}
