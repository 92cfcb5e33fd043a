import XCTest

@testable import PolicyCore

/// Spec §5.2 (port of a storage/proxy URL) and §6 (Alertmanager endpoint authority), D5, D7, D11.
final class EndpointURLTests: XCTestCase {
    private enum Expect: Equatable {
        case port(Int?)
        case error
    }

    private func storage(_ text: String) -> Expect {
        switch EndpointURL.parseStorage(text) {
        case .success(let url): return .port(url.storagePort)
        case .failure: return .error
        }
    }

    func testStoragePortTable() {
        let cases: [(String, Expect)] = [
            // The spec's own examples.
            ("https://[fd00::10]:9443", .port(9443)),
            ("fd00::10", .port(nil)),  // D11: a bare IPv6 address has no port (the operator read 10)
            ("s3.example.com/a:1234", .port(nil)),  // D11: a colon in a path is not a port
            ("localhost:9000", .port(9000)),
            ("//host:9000", .port(9000)),
            ("//host", .port(nil)),
            ("https://fd00::10", .error),
            ("https://s3.example.com:12345678901234567890", .error),
            ("http://minio.svc", .port(80)),  // D5: the scheme default, not 443
            ("https://minio.svc", .port(443)),
            // User info ends at the authority's last '@' (the authority ends at '/', '?', '#').
            ("https://u:p@s3:9000", .port(9000)),
            ("https://a@b@s3:1", .port(1)),
            ("https://s3.example.com:9000/b@v2", .port(9000)),
            ("https://s3?x=a@b:1", .port(443)),
            ("https://s3#a@b:1", .port(443)),
            ("user:pw@host:9000/x@y", .port(9000)),
            ("https://AKIAEXAMPLE:4431/nFEM@s3.example.com", .port(4431)),
            ("https://AKIA:se/cret@h:9000", .error),
            // Schemes.
            ("HTTPS://S3.Example.com", .port(443)),
            ("Http://s3", .port(80)),
            ("ftp://s3.example.com", .error),
            ("s3://bucket", .error),
            // Ports (D7).
            ("https://s3:65535", .port(65535)),
            ("https://s3:0", .error),
            ("https://s3:65536", .error),
            ("https://s3:", .error),
            ("https://s3:80a", .error),
            ("https://s3:-1", .error),
            ("https://s3:0080", .port(80)),
            ("s3:99999", .error),
            ("s3:", .error),
            // Authority boundaries.
            ("https://s3:9000/bucket:1", .port(9000)),
            ("https://s3?x=a:1", .port(443)),
            ("https://s3#a:1", .port(443)),
            ("s3:9000/path:1234", .port(9000)),
            ("https://[fd00::10]", .port(443)),
            ("[fd00::10]:9000", .port(9000)),
            ("[fd00::10]", .port(nil)),
            ("https://[fd00::10", .error),
            ("https://[fd00::10]9000", .error),
            ("http://", .error),
            ("https://:443", .error),
            // User info ends at the authority's last '@' (§5.2), even where a secret key holding
            // '/' was meant: then its start is read as the port (an error, quoting nothing).
            ("https://user:pass@s3:9000", .port(9000)),
            ("https://user:p@ss@s3", .port(443)),
            ("user:pass@s3:9000", .port(9000)),
            ("https://s3/path@x:1", .port(443)),
            ("https://AKIAEXAMPLE:wJalrXUt/nFEMI/K7MDENG@s3.example.com", .error),
            ("https://AKIAEXAMPLE:4431/nFEMI/K7MDENG@s3.example.com", .port(4431)),
            ("https://AKIAEXAMPLE:4431/nFEMI@s3.example.com:9000/bucket", .port(4431)),
            ("AKIAEXAMPLE:wJalrXUt/nFEMI@s3.example.com:9000", .error),
            ("https://u:p?w#d@s3", .error),
            // Whitespace and control characters.
            ("https://s3 :9000", .error),
            ("https://s3\n", .error),
            (" https://s3", .error),
            ("https://s3\u{7F}", .error),
            ("https://s3\u{A0}", .error),
            ("https://s3\u{2028}", .error),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(storage(text), expected, text.debugDescription)
        }
    }

    func testErrorMessagesNameTheProblem() {
        let cases: [(String, String)] = [
            ("ftp://s3", "scheme \"ftp\""),
            ("https://s3:70000", "1 to 65535"),
            ("https://fd00::10", "brackets"),
            ("https://s 3", "whitespace"),
        ]
        for (text, fragment) in cases {
            guard case .failure(let p) = EndpointURL.parseStorage(text) else {
                XCTFail(text)
                continue
            }
            XCTAssertTrue(p.message.contains(fragment), "\(text): \(p.message)")
        }
    }

    func testAlertmanagerForms() {
        let cases: [(String, EndpointURL.Form?, Int?)] = [
            ("http://am:9094", .scheme("http"), 9094),
            ("https://am", .scheme("https"), nil),
            ("HTTPS://am:1", .scheme("https"), 1),
            ("//am:9095", .schemeRelative, 9095),
            ("foo+bar.v2://am:1234", .scheme("foo+bar.v2"), 1234),
            ("am:9094", .bare, nil),
            ("alertmanager", .bare, nil),
            ("am:9094/x://y", .bare, nil),
            ("1http://am:5", .bare, nil),
            ("http://[fd00::1]:9093", .scheme("http"), 9093),
            ("http://am:99999", nil, nil),
            ("http://fd00::1", nil, nil),
            ("http://am:abc", nil, nil),
            ("http://am :1", nil, nil),
        ]
        for (text, form, port) in cases {
            switch EndpointURL.parseAlertmanager(text) {
            case .success(let url):
                XCTAssertEqual(url.form, form, text)
                XCTAssertEqual(url.explicitPort, port, text)
            case .failure:
                XCTAssertNil(form, "\(text) should parse")
            }
        }
    }

    func testRemovingUserInfo() {
        let cases: [(String, String)] = [
            ("https://user:pass@s3.example.com:9000/b", "https://s3.example.com:9000/b"),
            ("https://a@b@host", "https://host"),
            ("//user:pw@host:1", "//host:1"),
            ("user:pw@host:9000/x@y", "y"),
            ("https://host/path@x", "https://x"),
            ("https://host?q=a@b", "https://b"),
            ("https://AKIAEXAMPLE:wJalrXUt/nFEMI/K7MDENG@s3.example.com/b", "https://s3.example.com/b"),
            ("http://u:p#w?x/y@am:9093", "http://am:9093"),
            ("AKIA:se/cret@host:1", "host:1"),
            ("ftp://u:p@host", "ftp://host"),
            ("https://host", "https://host"),
            ("", ""),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(EndpointURL.removingUserInfo(input), expected, input)
        }
    }

    func testRemovingUserInfoKeepingAuthority() {
        let cases: [(String, String)] = [
            ("https://user:pass@s3.example.com:9000/b", "https://s3.example.com:9000/b"),
            ("https://s3.example.com:9000/b@v2", "https://s3.example.com:9000/v2"),
            ("https://u@s3:9000/a/b@c/d@e?f", "https://s3:9000/e?f"),
            ("https://s3?q=a@b", "https://s3?b"),
            ("https://s3#f@g", "https://s3#g"),
            ("AKIA:4431/nFEM@host", "AKIA:4431/host"),
            ("https://host", "https://host"),
            ("", ""),
            // Found by the decoder fuzzer: a bare string stays bare (its authority is `http@`).
            ("http@//am-b.examp@@@le.com", "/le.com"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(EndpointURL.removingUserInfoKeepingAuthority(input), expected, input)
            XCTAssertEqual(EndpointURL.removingUserInfoKeepingAuthority(expected), expected, "idempotent: \(input)")
        }
    }

    func testUserInfoReachesPastAuthority() {
        let cases: [(String, Bool)] = [
            ("https://user:pass@host", false), ("https://AKIA:wJal/rXU@host", true), ("https://host/path@x", true),
            ("https://u:p?q@host", true), ("https://u:p#f@host", true), ("//u:p/x@host", true), ("u:p@host:1", false),
            ("u:p/x@host", true), ("u:p?x@host", false), ("https://host", false), ("https://host/a", false),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(EndpointURL.userInfoReachesPastAuthority(text), expected, text)
        }
    }

    /// Issue 8: no error message quotes text that may be user info.
    func testErrorsNeverQuoteUserInfo() {
        let secret = "wJalrXUtnFEMI"
        let cases = [
            "https://AKIAEXAMPLE:\(secret)/x@s3.example.com:99999",
            "https://AKIAEXAMPLE:\(secret)@s3.example.com:abc",
            "https://AKIAEXAMPLE:\(secret)/x@fd00::10",
            "AKIAEXAMPLE:\(secret)/x@s3:0",
            "ftp://AKIAEXAMPLE:\(secret)@s3",
            "AKIA:\(secret)://x@s3",
            "https://AKIAEXAMPLE:\(secret)@",
        ]
        for text in cases {
            for result in [EndpointURL.parseStorage(text), EndpointURL.parseAlertmanager(text)] {
                if case .failure(let p) = result {
                    XCTAssertFalse(p.message.contains(secret), "\(text): \(p.message)")
                    XCTAssertFalse(p.message.contains("AKIAEXAMPLE"), "\(text): \(p.message)")
                }
            }
        }
        guard case .failure(let p) = EndpointURL.parseStorage("https://AKIAEXAMPLE:\(secret)/x@s3.example.com:99999") else {
            return XCTFail("§5.2 reads the start of the secret as the port: an error")
        }
        XCTAssertEqual(p, .port)
    }
}
