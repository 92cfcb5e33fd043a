import XCTest

@testable import PolicyCore

final class IPAddressTests: XCTestCase {
    func testParsesValidAddresses() {
        let cases: [(String, String)] = [
            ("203.0.113.10", "203.0.113.10"),
            ("0.0.0.0", "0.0.0.0"),
            ("255.255.255.255", "255.255.255.255"),
            ("::", "0:0:0:0:0:0:0:0"),
            ("::1", "0:0:0:0:0:0:0:1"),
            ("fd00::10", "fd00:0:0:0:0:0:0:10"),
            ("2001:DB8:0:0:1::", "2001:db8:0:0:1:0:0:0"),
            ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
            ("::ffff:192.0.2.1", "0:0:0:0:0:ffff:c000:201"),
            ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(IPAddress(text)?.description, expected, text)
        }
    }

    func testRejectsInvalidAddresses() {
        let invalid = [
            "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1..2.3", "1.2.3.4 ", "a.b.c.d",
            ":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "1:2:3:4:5:6:7:8::", "fd00::10%eth0",
            "[fd00::10]", "1:", "::g", "::1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "99999999999999999999.1.1.1",
        ]
        for text in invalid {
            XCTAssertNil(IPAddress(text), text)
        }
    }

    func testCIDRContainment() {
        let cases: [(String, String, Bool)] = [
            ("10.0.0.0/8", "10.255.0.1", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("0.0.0.0/0", "198.51.100.1", true),
            ("198.51.100.7/32", "198.51.100.7", true),
            ("198.51.100.7/32", "198.51.100.6", false),
            ("fd00::/8", "fdff::1", true),
            ("fd00::/8", "fe00::1", false),
            ("2001:db8::/64", "2001:db8::ffff:1", true),
            ("2001:db8::/64", "2001:db8:0:1::1", false),
            ("2001:db8::/96", "2001:db8::1:0:1", false),
            ("::/0", "::1", true),
            ("::1/128", "::1", true),
            ("10.0.0.0/8", "::ffff:10.0.0.1", false),
        ]
        for (cidr, address, expected) in cases {
            guard let block = CIDRBlock(cidr), let ip = IPAddress(address) else {
                XCTFail("unparsable \(cidr) or \(address)")
                continue
            }
            XCTAssertEqual(block.contains(ip), expected, "\(cidr) ∋ \(address)")
        }
    }

    func testRejectsInvalidCIDRs() {
        for text in ["10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/1a", "/8", "10.0.0.0/0008", "10.0.0.0/08", "10.0.0.0/00", "fd00::/08", "x/8"] {
            XCTAssertNil(CIDRBlock(text), text)
        }
    }

    func testStrictContainmentNeedsSameFamilyLongerPrefixInside() {
        let cases: [(outer: String, inner: String, expected: Bool)] = [
            ("10.0.0.0/8", "10.1.0.0/16", true),
            ("10.0.0.0/8", "10.0.0.0/8", false),
            ("10.0.0.0/8", "10.0.0.0/7", false),
            ("10.0.0.0/8", "11.0.0.0/16", false),
            ("10.0.0.1/8", "10.255.0.0/16", true),
            ("0.0.0.0/0", "192.0.2.0/24", true),
            ("fd00::/8", "fd00:1::/32", true),
            ("fd00::/8", "fe00::/16", false),
            ("10.0.0.0/8", "::ffff:10.0.0.0/120", false),
        ]
        for c in cases {
            guard let outer = CIDRBlock(c.outer), let inner = CIDRBlock(c.inner) else {
                XCTFail("unparsable \(c.outer) or \(c.inner)")
                continue
            }
            XCTAssertEqual(outer.strictlyContains(inner), c.expected, "\(c.outer) ⊋ \(c.inner)")
        }
    }
}
