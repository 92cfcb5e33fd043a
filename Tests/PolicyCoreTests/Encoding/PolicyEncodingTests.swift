import XCTest

@testable import PolicyCore

/// The §8 encoders: exact text for a policy using every field, key order, omissions,
/// `{}` selectors, YAML/JSON agreement, the render result document.
final class PolicyEncodingTests: XCTestCase {
    /// A policy exercising every field shape the model has.
    private static let everyField = NetworkPolicy(
        name: "np", namespace: "ns", labels: LabelMap([("b", "2"), ("a", "1")]),
        spec: NetworkPolicySpec(
            podSelector: LabelSelector(),
            policyTypes: [.ingress, .egress],
            ingress: [
                NetworkPolicyIngressRule(),
                NetworkPolicyIngressRule(
                    from: [
                        NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8", except: ["10.1.0.0/16"])),
                        NetworkPolicyPeer(namespaceSelector: LabelSelector()),
                        NetworkPolicyPeer(),
                    ],
                    ports: [NetworkPolicyPort(.sctp, port: .number(9000), endPort: 9010)]),
            ],
            egress: [
                NetworkPolicyEgressRule(
                    to: [
                        NetworkPolicyPeer(
                            podSelector: LabelSelector(
                                matchLabels: LabelMap([("app", "x")]),
                                matchExpressions: [
                                    LabelSelectorRequirement(key: "tier", operator: .exists),
                                    LabelSelectorRequirement(key: "env", operator: .notIn, values: ["dev", "qa"]),
                                ]),
                            namespaceSelector: LabelSelector(matchLabels: LabelMap([("team", "t")])),
                            ipBlock: IPBlock(cidr: "fd00::/8"))
                    ],
                    ports: [NetworkPolicyPort(.udp, port: .name("dns")), NetworkPolicyPort(.tcp, port: nil)])
            ]))

    func testCanonicalJSONOfEveryFieldShape() {
        let expected = """
            {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"labels":{"a":"1","b":"2"},\
            "name":"np","namespace":"ns"},"spec":{"egress":[{"ports":[{"port":"dns","protocol":"UDP"},\
            {"protocol":"TCP"}],"to":[{"ipBlock":{"cidr":"fd00::/8"},"namespaceSelector":{"matchLabels":\
            {"team":"t"}},"podSelector":{"matchExpressions":[{"key":"tier","operator":"Exists"},{"key":"env",\
            "operator":"NotIn","values":["dev","qa"]}],"matchLabels":{"app":"x"}}}]}],"ingress":[{},{"from":\
            [{"ipBlock":{"cidr":"10.0.0.0/8","except":["10.1.0.0/16"]}},{"namespaceSelector":{}},{}],"ports":\
            [{"endPort":9010,"port":9000,"protocol":"SCTP"}]}],"podSelector":{},"policyTypes":["Ingress","Egress"]}}
            """
        XCTAssertEqual(String(decoding: PolicyEncoding.canonicalJSON(Self.everyField), as: UTF8.self), expected)
    }

    func testYAMLOfEveryFieldShape() {
        let expected = """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              labels:
                a: "1"
                b: "2"
              name: np
              namespace: ns
            spec:
              egress:
              - ports:
                - port: dns
                  protocol: UDP
                - protocol: TCP
                to:
                - ipBlock:
                    cidr: fd00::/8
                  namespaceSelector:
                    matchLabels:
                      team: t
                  podSelector:
                    matchExpressions:
                    - key: tier
                      operator: Exists
                    - key: env
                      operator: NotIn
                      values:
                      - dev
                      - qa
                    matchLabels:
                      app: x
              ingress:
              - {}
              - from:
                - ipBlock:
                    cidr: 10.0.0.0/8
                    except:
                    - 10.1.0.0/16
                - namespaceSelector: {}
                - {}
                ports:
                - endPort: 9010
                  port: 9000
                  protocol: SCTP
              podSelector: {}
              policyTypes:
              - Ingress
              - Egress

            """
        XCTAssertEqual(String(decoding: PolicyEncoding.yaml(Self.everyField), as: UTF8.self), expected)
    }

    func testYAMLStreamIsTheDocumentsConcatenatedAndEmptyWhenNone() {
        let policies = PolicyGenerator.policies(makeOptions(platform: .openshift, ruler: true))
        XCTAssertEqual(PolicyEncoding.yaml(policies), policies.flatMap { PolicyEncoding.yaml($0) })
        XCTAssertEqual(PolicyEncoding.yaml([NetworkPolicy]()), [])
        XCTAssertEqual(PolicyEncoding.yaml(PolicyGenerator.render(makeOptions(enablement: .disabledExplicitly)).policies), [])
        let text = String(decoding: PolicyEncoding.yaml(policies), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("---\n"))
        XCTAssertTrue(text.hasSuffix("\n"))
        XCTAssertEqual(text.components(separatedBy: "\n").filter { $0 == "---" }.count, policies.count)
        XCTAssertFalse(text.contains("\t"))
        XCTAssertFalse(text.contains("[]"), "empty lists are omitted")
    }

    func testCanonicalListWrapsTheItems() {
        let policies = PolicyGenerator.policies(makeOptions())
        let list = PolicyEncoding.canonicalListJSON(policies)
        let items = policies.map { String(decoding: PolicyEncoding.canonicalJSON($0), as: UTF8.self) }
        XCTAssertEqual(
            String(decoding: list, as: UTF8.self),
            #"{"apiVersion":"v1","items":["# + items.joined(separator: ",") + #"],"kind":"List"}"#)
    }

    /// Option combinations covering every builder branch.
    private static var optionMatrix: [RenderOptions] {
        var all: [RenderOptions] = []
        for platform in Platform.allCases {
            for mode in [nil] + TenantsMode.allCases.map(Optional.some) {
                for (gateway, monitors) in [(true, true), (false, true), (true, false), (false, false)] {
                    all.append(
                        makeOptions(
                            name: "s\(all.count)", namespace: "ns-\(platform.rawValue)", platform: platform,
                            tenantsMode: mode, gateway: gateway, serviceMonitors: monitors, ruler: gateway,
                            clusterMonitoring: platform == .openshift && mode == .openshiftLogging,
                            userWorkload: monitors && mode == .openshiftLogging,
                            alertmanagerPorts: monitors ? [9093, 9094] : [], objectStoragePorts: [443, 3128]))
                }
            }
        }
        return all
    }

    func testJSONEqualsTheModelAndIsCanonical() throws {
        for options in Self.optionMatrix {
            let policies = PolicyGenerator.policies(options)
            let list = PolicyEncoding.canonicalListJSON(policies)
            let expected = Tree.policyList(policies)
            XCTAssertEqual(try Tree.fromJSON(list), expected, options.name)
            // Byte-exact against an independent canonical serialisation (sorted keys, compact).
            XCTAssertEqual(String(decoding: list, as: UTF8.self), String(decoding: expected.canonicalJSON(), as: UTF8.self))
        }
    }

    func testYAMLParsesBackToTheSameStructureAsJSON() throws {
        for options in Self.optionMatrix {
            let policies = PolicyGenerator.policies(options)
            let json = try Tree.fromJSON(PolicyEncoding.canonicalListJSON(policies))
            for resolver in [Resolver.yaml11, .yaml12Core] {
                let docs = try Tree.fromYAML(PolicyEncoding.yaml(policies), resolver: resolver)
                XCTAssertEqual(Tree.map(["apiVersion": .string("v1"), "kind": .string("List"), "items": .list(docs)]), json)
            }
        }
    }

    func testSelectorsAndPeersWithNothingAreEmptyMaps() throws {
        let kubernetesMetrics = try XCTUnwrap(
            PolicyGenerator.policies(makeOptions(platform: .kubernetes)).first { $0.name.hasSuffix("-loki-allow-metrics") })
        let yaml = String(decoding: PolicyEncoding.yaml(kubernetesMetrics), as: UTF8.self)
        XCTAssertTrue(yaml.contains("  - from:\n    - namespaceSelector: {}\n    ports:\n"), yaml)
        let json = String(decoding: PolicyEncoding.canonicalJSON(kubernetesMetrics), as: UTF8.self)
        XCTAssertTrue(json.contains(#""from":[{"namespaceSelector":{}}]"#), json)
    }

    func testRenderResultDocument() {
        let warning = FieldIssue(pointer: "/rulerConfig/spec/alertmanager/endpoints/0", message: "no \"port\"")
        let disabled = PolicyGenerator.render(makeOptions(enablement: .disabledByDefault, warnings: [warning]))
        let emptyList = #"{"apiVersion":"v1","items":[],"kind":"List"}"#
        XCTAssertEqual(
            String(decoding: PolicyEncoding.renderResultJSON(disabled), as: UTF8.self),
            #"{"digest":"sha256:\#(PolicyGeneratorTests.emptyListSHA256)","enabled":false,"policies":\#(emptyList),"#
                + #""reason":"disabled by default on this platform","warnings":[{"message":"no \"port\"","pointer":"#
                + #""/rulerConfig/spec/alertmanager/endpoints/0"}]}"#)
        XCTAssertEqual(
            String(decoding: PolicyEncoding.renderResultJSON(disabled, revision: 12), as: UTF8.self),
            #"{"digest":"sha256:\#(PolicyGeneratorTests.emptyListSHA256)","enabled":false,"policies":\#(emptyList),"#
                + #""reason":"disabled by default on this platform","revision":12,"warnings":[{"message":"no \"port\"","#
                + #""pointer":"/rulerConfig/spec/alertmanager/endpoints/0"}]}"#)
    }

    func testRenderResultDocumentParsesWithEveryKey() throws {
        let result = PolicyGenerator.render(makeOptions(platform: .openshift, enablement: .enabledByDefault))
        let tree = try Tree.fromJSON(PolicyEncoding.renderResultJSON(result))
        XCTAssertEqual(
            tree,
            .map([
                "digest": .string(result.digest), "enabled": .bool(true), "policies": Tree.policyList(result.policies),
                "reason": .string("enabled by default on OpenShift 4.20 or later"), "warnings": .list([]),
            ]))
    }

    func testEncodingIsDeterministic() {
        let options = makeOptions(platform: .openshift, tenantsMode: .openshiftNetwork, ruler: true, alertmanagerPorts: [9093])
        let first = PolicyGenerator.render(options)
        for _ in 0..<5 {
            let again = PolicyGenerator.render(options)
            XCTAssertEqual(again.canonicalListJSON, first.canonicalListJSON)
            XCTAssertEqual(again.digest, first.digest)
            XCTAssertEqual(PolicyEncoding.yaml(again.policies), PolicyEncoding.yaml(first.policies))
        }
    }
}
