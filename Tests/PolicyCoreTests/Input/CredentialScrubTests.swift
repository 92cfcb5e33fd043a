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

    /// Issue 8 under §5.2: user info of every URL field, secrets holding '/', '?', '#' and ':',
    /// never reaches a message or the stored copy. §5.2 ends the authority at the first '/', so
    /// in the fields the generator reads ports from, `KEY:SE/CRET@host` has the port `SE`: an
    /// error that quotes nothing. The fields it reads no port from are stored without it.
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
        for fragment in ["nFEMI", "MDENG"] {
            XCTAssertFalse(envelope.contains(fragment), "\(fragment) in \(envelope)")
        }
        // Fields no port is read from lose everything through the last '@'.
        let ruler = try XCTUnwrap(input.rulerConfig?["spec"])
        XCTAssertEqual(ruler["remoteWrite"]?["client"]?["url"], "https://rw:9090")
        XCTAssertEqual(ruler["remoteWrite"]?["client"]?["proxyUrl"], "https://rwproxy:8080")
        XCTAssertEqual(ruler["alertmanager"]?["externalUrl"], "https://ext")
        guard case .failure(let error) = InputTestSupport.resolve(input) else {
            return XCTFail("a port read from the secret was accepted")
        }
        XCTAssertEqual(
            error.issues.map(\.pointer),
            [
                "/lokistack/spec/proxy/httpProxy", "/lokistack/spec/proxy/httpsProxy", "/objectStorage/endpoint",
                "/objectStorage/authURL", "/rulerConfig/spec/alertmanager/endpoints/0",
                "/rulerConfig/spec/alertmanager/endpoints/1", "/rulerConfig/spec/overrides/t1/alertmanager/endpoints/0",
            ])
        for issue in error.issues {
            XCTAssertTrue(issue.message.hasSuffix("has a port that is not a number from 1 to 65535"), issue.message)
            for fragment in [user, "wJalrXUt", "nFEMI", "MDENG"] {
                XCTAssertFalse(issue.message.contains(fragment), issue.message)
            }
        }

        // Plain user info within the authority is removed silently.
        let plain = InputTestSupport.input(objectStorage: ["endpoint": "https://user:pass@s3.example.com"])
        XCTAssertEqual(options(InputTestSupport.resolve(plain))?.warnings, [])
    }

    /// §5.2: an '@' after the authority does not move the host or port. The stored copy loses
    /// what comes before that '@' (it may end a secret) but keeps the host and port, with a
    /// warning at the field; read back, it gives the same policies without that warning.
    func testAtSignAfterTheAuthorityKeepsHostAndPort() throws {
        let text = InputTestSupport.minimalStackYAML + "\n---\n" + "kind: Secret\nmetadata: {name: lokistack-object-storage}\n"
            + "stringData: {endpoint: \"https://AKIAEXAMPLE:4431/nFEMI@s3.example.com\"}\n"
        let input = try InputTestSupport.decodeYAML(text)
        XCTAssertEqual(input.objectStorage?["endpoint"], "https://AKIAEXAMPLE:4431/s3.example.com")
        let resolved = try XCTUnwrap(options(InputTestSupport.resolve(input)))
        XCTAssertEqual(resolved.objectStoragePorts, [4431])
        XCTAssertEqual(resolved.warnings.map(\.pointer), ["/objectStorage/endpoint"])
        XCTAssertEqual(resolved.warnings.map(\.message), [CredentialScrub.userInfoPastAuthorityMessage])
        XCTAssertEqual(input.credentialWarnings, resolved.warnings)

        let restored = try PolicyInput(envelope: input.envelope)
        XCTAssertEqual(restored.credentialWarnings, [])
        var expected = resolved
        expected.warnings = []
        XCTAssertEqual(options(InputTestSupport.resolve(restored)), expected)

        // Where dropping everything through the last '@' changes neither host nor port, it goes.
        let path = InputTestSupport.input(objectStorage: ["endpoint": "https://s3.example.com:9000/b@s3.example.com:9000"])
        XCTAssertEqual(path.objectStorage?["endpoint"], "https://s3.example.com:9000")
        let port = InputTestSupport.input(
            spec: ["storage": ["secret": ["name": "x", "type": "s3"]]], objectStorage: ["endpoint": "https://s3.example.com:9000/b@v2"])
        XCTAssertEqual(port.objectStorage?["endpoint"], "https://s3.example.com:9000/v2")
        XCTAssertEqual(options(InputTestSupport.resolve(port))?.objectStoragePorts, [9000])
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
