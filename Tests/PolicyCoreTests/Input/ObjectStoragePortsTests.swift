import XCTest

@testable import PolicyCore

/// OBJSTORE_PORTS (spec §5) through the whole pipeline: per storage type, the default, proxies
/// (D6), the Swift object port (D6), D5, D11, and validation of unused fields (§1.1).
final class ObjectStoragePortsTests: XCTestCase {
    private func ports(
        type: String?, endpoint: String? = nil, authURL: String? = nil, platform: String = "kubernetes",
        proxy: JSONValue? = nil
    ) -> Result<RenderOptions, InputError> {
        var spec = JSONObject()
        if let type { spec["storage"] = ["secret": ["name": "s3-secret", "type": .string(type)]] }
        spec["proxy"] = proxy
        var storage = JSONObject()
        storage["endpoint"] = endpoint.map { .string($0) }
        storage["authURL"] = authURL.map { .string($0) }
        return InputTestSupport.resolve(
            InputTestSupport.input(
                spec: .object(spec), objectStorage: storage.isEmpty ? nil : .object(storage),
                cluster: ["platform": .string(platform)]))
    }

    func testPortsByStorageType() {
        let cases: [(name: String, result: Result<RenderOptions, InputError>, expected: [Int])] = [
            ("s3 https default", ports(type: "s3", endpoint: "https://s3.example.com"), [443]),
            ("s3 http default (D5)", ports(type: "s3", endpoint: "http://minio.example.com"), [80]),
            ("s3 explicit", ports(type: "s3", endpoint: "https://s3.example.com:9000"), [9000]),
            ("s3 scheme-less host:port", ports(type: "s3", endpoint: "localhost:9000"), [9000]),
            ("s3 scheme-less host", ports(type: "s3", endpoint: "s3.example.com"), [443]),
            ("s3 path colon (D11)", ports(type: "s3", endpoint: "s3.example.com/a:1234"), [443]),
            ("s3 bare IPv6 (D11)", ports(type: "s3", endpoint: "fd00::10"), [443]),
            ("s3 bracketed IPv6", ports(type: "s3", endpoint: "https://[fd00::10]:9443"), [9443]),
            ("s3 scheme-relative", ports(type: "s3", endpoint: "//minio:9000"), [9000]),
            ("s3 without endpoint", ports(type: "s3"), [443]),
            ("s3 empty endpoint is absent", ports(type: "s3", endpoint: ""), [443]),
            ("alibabacloud", ports(type: "alibabacloud", endpoint: "https://oss.example.com:8443"), [8443]),
            ("alibabacloud http", ports(type: "alibabacloud", endpoint: "http://oss.example.com"), [80]),
            ("azure ignores endpoint", ports(type: "azure", endpoint: "https://x.example.com:9000"), [443]),
            ("gcs ignores endpoint", ports(type: "gcs", endpoint: "https://x.example.com:9000"), [443]),
            ("no storage type", ports(type: nil, endpoint: "https://x.example.com:9000"), [443]),
            ("swift kubernetes, no authURL", ports(type: "swift"), [443]),
            ("swift openshift, no authURL", ports(type: "swift", platform: "openshift"), [13808]),
            ("swift kubernetes", ports(type: "swift", authURL: "https://keystone.example.com:5000/v3"), [5000, 443]),
            ("swift openshift", ports(type: "swift", authURL: "https://keystone.example.com:5000", platform: "openshift"), [5000, 13808]),
            ("swift dedup", ports(type: "swift", authURL: "https://keystone.example.com"), [443]),
            ("swift ignores endpoint", ports(type: "swift", endpoint: "https://s3:9000"), [443]),
        ]
        for c in cases {
            XCTAssertEqual(options(c.result)?.objectStoragePorts, c.expected, c.name)
        }
    }

    func testProxyPortsAreAppendedInOrderAndDeduplicated() {
        let cases: [(name: String, endpoint: String, proxy: JSONValue, expected: [Int])] = [
            ("both", "https://s3:9000", ["httpProxy": "http://proxy:3128", "httpsProxy": "https://proxy"], [9000, 3128, 443]),
            ("https only", "https://s3:9000", ["httpsProxy": "http://proxy:3129"], [9000, 3129]),
            ("scheme-less without port adds nothing", "https://s3:9000", ["httpProxy": "proxy.corp", "httpsProxy": "proxy.corp:8080"], [9000, 8080]),
            ("scheme default", "https://s3:9000", ["httpProxy": "http://proxy"], [9000, 80]),
            ("dedup with endpoint", "https://s3:9000", ["httpProxy": "http://proxy:9000", "httpsProxy": "http://proxy:9000"], [9000]),
            ("dedup with default", "https://s3", ["httpsProxy": "https://proxy"], [443]),
            ("empty proxy section", "https://s3:9000", [:], [9000]),
            ("empty strings are absent", "https://s3:9000", ["httpProxy": "", "httpsProxy": .null], [9000]),
            ("noProxy is not read", "https://s3:9000", ["noProxy": "anything, even :1"], [9000]),
            ("userinfo", "https://s3:9000", ["httpProxy": "http://user:pw@proxy:3128"], [9000, 3128]),
        ]
        for c in cases {
            XCTAssertEqual(options(ports(type: "s3", endpoint: c.endpoint, proxy: c.proxy))?.objectStoragePorts, c.expected, c.name)
        }
    }

    func testInvalidURLsAreErrorsNamingTheField() {
        let cases: [(name: String, result: Result<RenderOptions, InputError>, pointer: String)] = [
            ("endpoint scheme", ports(type: "s3", endpoint: "ftp://s3"), "/objectStorage/endpoint"),
            ("endpoint IPv6", ports(type: "s3", endpoint: "https://fd00::10"), "/objectStorage/endpoint"),
            ("endpoint 20-digit port", ports(type: "s3", endpoint: "https://s3:12345678901234567890"), "/objectStorage/endpoint"),
            ("endpoint port 0 (D7)", ports(type: "s3", endpoint: "https://s3:0"), "/objectStorage/endpoint"),
            ("endpoint unused by azure", ports(type: "azure", endpoint: "https://s3:99999"), "/objectStorage/endpoint"),
            ("authURL unused by s3", ports(type: "s3", authURL: "https://keystone:0"), "/objectStorage/authURL"),
            ("httpProxy", ports(type: "s3", proxy: ["httpProxy": "socks5://proxy:1080"]), "/lokistack/spec/proxy/httpProxy"),
            ("httpsProxy", ports(type: "s3", proxy: ["httpsProxy": "https://proxy:70000"]), "/lokistack/spec/proxy/httpsProxy"),
            ("endpoint whitespace", ports(type: "s3", endpoint: "https://s3 .example.com"), "/objectStorage/endpoint"),
            ("endpoint not a string", InputTestSupport.resolve(InputTestSupport.input(objectStorage: ["endpoint": 443])), "/objectStorage/endpoint"),
            ("proxy not an object", ports(type: "s3", proxy: "http://proxy"), "/lokistack/spec/proxy"),
        ]
        for c in cases {
            XCTAssertEqual(issues(c.result).map(\.pointer), [c.pointer], c.name)
        }
    }

    func testInvalidEndpointIsAnErrorEvenWithPoliciesDisabled() {
        let input = InputTestSupport.input(
            spec: ["networkPolicies": ["disabled": true], "storage": ["secret": ["type": "s3"]]],
            objectStorage: ["endpoint": "https://s3:0"])
        XCTAssertEqual(issues(InputTestSupport.resolve(input)).map(\.pointer), ["/objectStorage/endpoint"])
    }

    func testUnknownObjectStorageFieldsAreErrors() {
        let input = InputTestSupport.input(objectStorage: ["endpoint": "https://s3", "accessKeyID": "AKIA"])
        XCTAssertEqual(issues(InputTestSupport.resolve(input)).map(\.pointer), ["/objectStorage/accessKeyID"])
    }
}
