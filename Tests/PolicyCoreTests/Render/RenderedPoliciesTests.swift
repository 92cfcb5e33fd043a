import XCTest

@testable import PolicyCore

/// Decoding rendered output (YAML stream, List, render result) back to typed policies.
final class RenderedPoliciesTests: XCTestCase {
    private func decode(_ text: String, _ format: InputFormat) throws(InputError) -> [NetworkPolicy] {
        try RenderedPolicies.decode(Array(text.utf8), format: format)
    }

    func testEveryRenderedFormReadsBackToThePolicies() throws {
        for name in GoldenTests.matrix.map(\.name) + GoldenTests.edges {
            let input = try PolicyInput.decode(try GoldenTests.read(name, "input.yaml"), format: .yaml)
            let result = PolicyGenerator.render(try input.resolve())
            XCTAssertEqual(try RenderedPolicies.decode(PolicyEncoding.yaml(result.policies), format: .yaml), result.policies, name)
            XCTAssertEqual(try RenderedPolicies.decode(result.canonicalListJSON, format: .json), result.policies, name)
            XCTAssertEqual(try RenderedPolicies.decode(PolicyEncoding.renderResultJSON(result), format: .json), result.policies, name)
            XCTAssertEqual(try RenderedPolicies.decode(PolicyEncoding.renderResultJSON(result, revision: 3), format: .yaml), result.policies, name)
            XCTAssertEqual(try RenderedPolicies.decode(try GoldenTests.read(name, "policies.yaml"), format: .yaml), result.policies, name)
        }
    }

    func testEmptyInputIsNoPolicies() throws {
        XCTAssertEqual(try decode("", .yaml), [])
        XCTAssertEqual(try decode("---\n", .yaml), [])
        XCTAssertEqual(try decode(#"{"apiVersion":"v1","items":[],"kind":"List"}"#, .json), [])
    }

    func testKubectlOutputWithServerFieldsAndDefaults() throws {
        let text = """
            apiVersion: v1
            kind: List
            metadata:
              resourceVersion: ""
            items:
            - apiVersion: networking.k8s.io/v1
              kind: NetworkPolicy
              metadata:
                annotations:
                  kubectl.kubernetes.io/last-applied-configuration: '{}'
                creationTimestamp: "2025-10-01T10:00:00Z"
                generation: 1
                name: web
                namespace: shop
                resourceVersion: "4711"
                uid: 6b1d3c52-1111-2222-3333-444455556666
              spec:
                ingress:
                - from:
                  - ipBlock:
                      cidr: 10.0.0.0/8
                      except:
                      - 10.1.0.0/16
                  ports:
                  - port: http
                  - endPort: 9010
                    port: 9000
                    protocol: SCTP
                podSelector: {}
              status: {}
            """
        let expected = NetworkPolicy(
            name: "web", namespace: "shop", labels: LabelMap(),
            spec: NetworkPolicySpec(
                podSelector: LabelSelector(), policyTypes: [],
                ingress: [
                    NetworkPolicyIngressRule(
                        from: [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8", except: ["10.1.0.0/16"]))],
                        ports: [
                            NetworkPolicyPort(.tcp, port: .name("http")),
                            NetworkPolicyPort(.sctp, port: .number(9000), endPort: 9010),
                        ])
                ]))
        XCTAssertEqual(try decode(text, .yaml), [expected])
    }

    func testStreamOfSingleDocumentsAndSingleJSONPolicy() throws {
        let stream = """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: a, namespace: n}
            spec:
              podSelector:
                matchExpressions:
                - {key: tier, operator: Exists}
              policyTypes: [Egress]
              egress:
              - {}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: b, namespace: n, labels: {x: "1"}}
            spec: {podSelector: {matchLabels: {app: b}}}
            """
        let policies = try decode(stream, .yaml)
        XCTAssertEqual(policies.map(\.name), ["a", "b"])
        XCTAssertEqual(policies[0].spec.podSelector.matchExpressions, [LabelSelectorRequirement(key: "tier", operator: .exists)])
        XCTAssertEqual(policies[0].spec.egress, [NetworkPolicyEgressRule()])
        XCTAssertEqual(policies[0].spec.policyTypes, [.egress])
        XCTAssertEqual(policies[1].labels, LabelMap([("x", "1")]))
        let single = #"{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"c","namespace":"n"},"spec":{"podSelector":{}}}"#
        XCTAssertEqual(try decode(single, .json).map(\.name), ["c"])
    }

    func testErrorsPointAtTheField() {
        let cases: [(String, InputFormat, [String])] = [
            (
                #"{"kind":"List","items":[{"kind":"NetworkPolicy","metadata":{"name":"a","namespace":"n"},"spec":{"ingress":[{"ports":[{"port":70000}]}]}}]}"#,
                .json, ["/items/0/spec/ingress/0/ports/0/port"]
            ),
            (
                #"{"kind":"List","items":[{"metadata":{"namespace":"n"},"spec":{}}]}"#, .json,
                ["/items/0/metadata/name"]
            ),
            (
                "kind: NetworkPolicy\nmetadata: {name: a, namespace: n}\nspec:\n  egress:\n  - ports:\n    - {protocol: ICMP, port: 1}\n",
                .yaml, ["/spec/egress/0/ports/0/protocol"]
            ),
            (
                "kind: NetworkPolicy\nmetadata: {name: a, namespace: n}\nspec: {policyTypes: [Both]}\n---\nkind: Secret\n",
                .yaml, ["/0/spec/policyTypes/0", "/1"]
            ),
            (
                #"{"digest":"sha256:x","policies":{"kind":"List","items":[{"metadata":{"name":1,"namespace":"n"}}]}}"#, .json,
                ["/policies/items/0/metadata/name", "/policies/items/0/spec"]
            ),
            (
                "kind: NetworkPolicy\nmetadata: {name: a, namespace: n}\nspec:\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/33}\n",
                .yaml, ["/spec/ingress/0/from/0/ipBlock/cidr"]
            ),
            (
                "kind: NetworkPolicy\nmetadata: {name: a, namespace: n}\nspec:\n  ingress:\n  - ports:\n    - {port: 90, endPort: 80}\n",
                .yaml, ["/spec/ingress/0/ports/0/endPort"]
            ),
            (
                "kind: NetworkPolicy\nmetadata: {name: a, namespace: n, labels: {'bad key': x, ok: 'bad value'}}\nspec: {}\n",
                .yaml, ["/metadata/labels/bad key", "/metadata/labels/ok"]
            ),
            ("[1, 2]", .json, [""]),
            ("{", .json, [""]),
        ]
        for (text, format, pointers) in cases {
            do {
                let policies = try decode(text, format)
                XCTFail("accepted \(text): \(policies)")
            } catch {
                XCTAssertEqual(error.issues.map(\.pointer), pointers, text)
            }
        }
    }

    func testTruncatedAndCorruptedInputNeverCrashes() throws {
        let yaml = try GoldenTests.read("edge-ocp-network-everything", "policies.yaml")
        let json = try GoldenTests.read("edge-ocp-network-everything", "result.json")
        for bytes in [yaml, json] {
            for cut in stride(from: 0, to: bytes.count, by: 37) {
                for format in [InputFormat.json, .yaml] {
                    _ = try? RenderedPolicies.decode(bytes[..<cut], format: format)
                    var corrupted = bytes
                    corrupted[cut] ^= 0x5A
                    _ = try? RenderedPolicies.decode(corrupted, format: format)
                }
            }
        }
    }
}
