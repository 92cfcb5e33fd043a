import XCTest

@testable import PolicyCore

/// §8 YAML scalars: plain unless a plain scalar would not read back as the same string
/// under YAML 1.1 or 1.2; then double-quoted with JSON-style escapes.
final class YAMLOutputScalarTests: XCTestCase {
    /// Strings a plain scalar would change (type or value) or could not hold.
    static let mustQuote: [String] = [
        "", "true", "True", "TRUE", "tRuE", "false", "yes", "Yes", "YES", "no", "No", "on", "On", "off", "OFF",
        "y", "Y", "n", "N", "null", "Null", "NULL", "~", "<<", "=",
        "0", "1", "-1", "+1", "0123", "0x1F", "0o17", "0b1010", "1e3", "1E-3", "1.5", ".5", "-.5", "+.5", "1_000",
        "1.", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "12:30", "190:20:30", "1:20.5", "2001-12-14",
        "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "10.0.0.1", ".", "..",
        "1.2.3", "1.0_0", "0b1_0", "-0", "+0x1f", "09", "2001-1-2 1:02:03", "1e+3", "1.5e-3", "0x_1",
        "+.5e3", "2001-12-14T21:59:43Z", "2001-12-14\t1:59:43 +05:30", "1_0:5:59", "._", "0o7", "-0b1",
        " leading", "trailing ", " ", "a: b", "a #b", "ends:", "-dash", "- item", "?q", ":c", ",c", "[x", "]x", "{x",
        "}x", "#x", "&a", "*a", "!t", "|l", ">f", "'s", "\"d", "%p", "@a", "`b", "---", "...",
        "line\nbreak", "tab\there", "cr\rx", "nul\u{0}x", "bell\u{7}", "del\u{7F}", "nel\u{85}x", "c1\u{9B}x",
        "ls\u{2028}x", "ps\u{2029}x", "bom\u{FEFF}x", "nonchar\u{FFFE}x", "quote\" and \\ backslash\n",
    ]

    /// Strings that read back unchanged as plain scalars and so stay plain.
    static let staysPlain: [String] = [
        "lokistack", "app.kubernetes.io/name", "networking.k8s.io/v1", "kube-dns", "lokistack-gateway",
        "openshift-user-workload-monitoring", "dns.operator.openshift.io/daemonset-dns", "In", "NotIn", "TCP",
        "UDP", "10.0.0.0/8", "fd00::/8", "1x-demo-stack", "a1", "x:y", "a#b", "a-b-", "yess", "nope", "onion",
        "null-ns", "truex", "+", "ünïcödé", "名前", "e1", "v1.2.3", "a b", "url=http://x",
        // Names that start with a digit but are no number (§8: written plain, as kubectl does).
        "2bad", "1a", "3d", "12-30", "2-cafe", "1-2-3", "0xg", "1e", "0o8", "2001-1-2", "1_a", "1:60", "4.20a",
        "0b", "0x", "0o", "+.nan", "2001-12-14T", "2001-12-14 1:02", ".in", "1e+", "1:5x", "1:2:3.4.5",
    ]

    private func encodedValue(_ value: String) -> String {
        let policy = NetworkPolicy(
            name: "n", namespace: "ns", labels: LabelMap([("k", value)]),
            spec: NetworkPolicySpec(podSelector: LabelSelector(), policyTypes: [.ingress]))
        let text = String(decoding: PolicyEncoding.yaml(policy), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix("    k: ") } ?? ""
        return String(line.dropFirst("    k: ".count))
    }

    private func readBack(_ value: String, key: String = "k", resolver: Resolver) throws -> Tree? {
        let policy = NetworkPolicy(
            name: "n", namespace: "ns", labels: LabelMap([(key, value)]),
            spec: NetworkPolicySpec(podSelector: LabelSelector(), policyTypes: [.ingress]))
        let docs = try Tree.fromYAML(PolicyEncoding.yaml(policy), resolver: resolver)
        guard case .map(let doc)? = docs.first, case .map(let metadata)? = doc["metadata"],
            case .map(let labels)? = metadata["labels"]
        else { return nil }
        return labels[key]
    }

    func testTrickyStringsAreQuotedAndReadBackUnchanged() throws {
        for value in Self.mustQuote {
            XCTAssertTrue(encodedValue(value).hasPrefix("\""), "not quoted: \(value.debugDescription)")
            for resolver in [Resolver.yaml11, .yaml12Core] {
                XCTAssertEqual(try readBack(value, resolver: resolver), .string(value), value.debugDescription)
            }
        }
    }

    func testOrdinaryStringsStayPlainAndReadBackUnchanged() throws {
        for value in Self.staysPlain {
            XCTAssertEqual(encodedValue(value), value, "quoted: \(value.debugDescription)")
            for resolver in [Resolver.yaml11, .yaml12Core] {
                XCTAssertEqual(try readBack(value, resolver: resolver), .string(value), value)
            }
        }
    }

    func testKeysAreQuotedByTheSameRule() throws {
        for key in ["true", "1", "a: b", "", "app.kubernetes.io/name"] {
            XCTAssertEqual(try readBack("v", key: key, resolver: .yaml11), .string("v"), key.debugDescription)
        }
    }

    func testKeysLongerThanAnImplicitKeyReadBack() throws {
        for length in [1024, 1025, 3000] {
            let key = String(repeating: "k", count: length)
            XCTAssertEqual(try readBack("v", key: key, resolver: .yaml11), .string("v"), "\(length)")
        }
        // As the first entry of a sequence item too.
        let long = String(repeating: "a", count: 1500)
        let policy = NetworkPolicy(
            name: "n", namespace: "ns", labels: LabelMap(),
            spec: NetworkPolicySpec(
                podSelector: LabelSelector(), policyTypes: [.ingress],
                ingress: [
                    NetworkPolicyIngressRule(from: [
                        NetworkPolicyPeer(podSelector: LabelSelector(matchLabels: LabelMap([(long, "x"), ("b", "y")])))
                    ])
                ]))
        XCTAssertEqual(try Tree.fromYAML(PolicyEncoding.yaml(policy)), [Tree(policy)])
    }

    func testQuotedStringsUseJSONStyleEscapes() {
        XCTAssertEqual(encodedValue("a\"b\\c\n\t\u{1}"), #""a\"b\\c\n\t\u0001""#)
        XCTAssertEqual(encodedValue("x\u{85}y\u{2028}z"), #""x\u0085y\u2028z""#)
        XCTAssertEqual(encodedValue("true"), #""true""#)
        // Non-ASCII that YAML allows raw stays raw inside quotes.
        XCTAssertEqual(encodedValue(" ü"), "\" ü\"")
    }
}
