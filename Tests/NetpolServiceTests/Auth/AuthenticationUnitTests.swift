import Foundation
import PolicyCore
import XCTest

@testable import NetpolService

/// The pieces of authentication without a server: tokens file parsing, RFC 3339, client
/// addresses, the failed-authentication buckets, the `Host` rule and the token CLI.
final class AuthenticationUnitTests: XCTestCase {
    let hash = String(repeating: "ab", count: 32)

    func testTokensFileParsesAndRefusesWithoutEchoingValues() throws {
        let tokens = try TokenFile.parse(Array("""
            tokens:
              - name: portal
                sha256: \(hash)
                scopes: [read, write, impersonate]
                namespaces: ["team-a", "team-b"]
                expires: 2027-06-30T00:00:00Z
              - name: admin
                sha256: \(hash.uppercased().replacingOccurrences(of: "AB", with: "CD"))
                scopes: [read]
                namespaces: ["*"]
            """.utf8))
        XCTAssertEqual(tokens.count, 2)
        XCTAssertEqual(tokens[0].scopes, [.read, .write, .impersonate])
        XCTAssertEqual(tokens[0].namespaces, ["team-a", "team-b"])
        XCTAssertEqual(tokens[0].expiresAt, 1_814_313_600_000)
        XCTAssertNil(tokens[1].namespaces)

        let refused: [(String, String)] = [
            ("tokens:\n  - name: a\n    sha256: 12\n    scopes: [read]\n    namespaces: [x]\n", "/tokens/0 (name a)/sha256"),
            ("tokens:\n  - name: a\n    sha256: \(hash)\n    scopes: [admin]\n    namespaces: [x]\n", "/tokens/0 (name a)/scopes/0"),
            ("tokens:\n  - name: a\n    sha256: \(hash)\n    scopes: [read]\n    namespaces: [Bad_NS]\n", "namespaces/0"),
            ("tokens:\n  - name: a b\n    sha256: \(hash)\n    scopes: [read]\n    namespaces: [x]\n", "/tokens/0/name"),
            ("tokens:\n  - name: a\n    sha256: \(hash)\n    scopes: [read]\n    namespaces: [x]\n    secret: hunter2secret\n", "/tokens/0/secret"),
            ("tokens:\n  - name: a\n    sha256: \(hash)\n    scopes: [read]\n    namespaces: [x]\n    expires: soon\n", "expires"),
            ("tokens:\n  - name: a\n    sha256: \(hash)\n    scopes: [read]\n    namespaces: [x]\n  - name: a\n    sha256: \(hash)\n    scopes: [read]\n    namespaces: [x]\n", "used twice"),
            ("tokens: [unclosed\n", "line 2"),
            ("users: []\n", "unknown top-level key"),
            ("tokens:\n  - name: a\n    sha256: \(hash)\n    subject: CN=a\n    scopes: [read]\n    namespaces: [x]\n", "exactly one of"),
            ("tokens:\n  - name: a\n    scopes: [read]\n    namespaces: [x]\n", "exactly one of"),
        ]
        for (text, expected) in refused {
            do {
                _ = try TokenFile.parse(Array(text.utf8))
                XCTFail("accepted: \(text)")
            } catch {
                XCTAssertTrue(error.message.contains(expected), "\(error.message) lacks \(expected)")
                XCTAssertFalse(error.message.contains("hunter2secret"))
                XCTAssertFalse(error.message.contains(hash))
            }
        }
    }

    func testClientAddressAndLimiterKeys() throws {
        let proxies = [try XCTUnwrap(CIDRBlock("10.0.0.0/8"))]
        XCTAssertEqual(ClientAddress.resolve(peer: "192.0.2.1", forwardedFor: ["203.0.113.5"], trustedProxies: proxies), "192.0.2.1",
                       "X-Forwarded-For is ignored from a peer that is not a trusted proxy")
        XCTAssertEqual(ClientAddress.resolve(peer: "10.1.1.1", forwardedFor: ["203.0.113.5, 10.2.2.2"], trustedProxies: proxies),
                       "203.0.113.5", "the nearest untrusted hop")
        XCTAssertEqual(ClientAddress.resolve(peer: "10.1.1.1", forwardedFor: ["198.51.100.1", "203.0.113.5"], trustedProxies: proxies),
                       "203.0.113.5", "a spoofed leftmost entry is not believed")
        XCTAssertEqual(ClientAddress.resolve(peer: "10.1.1.1", forwardedFor: ["junk"], trustedProxies: proxies), "10.1.1.1")
        XCTAssertEqual(ClientAddress.resolve(peer: "::ffff:192.0.2.9", forwardedFor: [], trustedProxies: []), "192.0.2.9")
        XCTAssertEqual(ClientAddress.limiterKey("2001:db8:1:2:aaaa::1"), ClientAddress.limiterKey("2001:db8:1:2::ffff"))
        XCTAssertNotEqual(ClientAddress.limiterKey("2001:db8:1:2::1"), ClientAddress.limiterKey("2001:db8:1:3::1"))
        XCTAssertEqual(ClientAddress.limiterKey("192.0.2.1"), "192.0.2.1")
    }

    func testLimiterBucketOfTenRefilledOnePerSixSeconds() {
        final class Clock: @unchecked Sendable { var now: UInt64 = 1_000_000_000_000 }
        let clock = Clock()
        let limiter = FailedAuthenticationLimiter(clock: { clock.now })
        for _ in 0..<9 { limiter.recordFailure("a") }
        XCTAssertNil(limiter.retryAfter("a"))
        limiter.recordFailure("a")
        XCTAssertEqual(limiter.retryAfter("a"), 6)
        XCTAssertNil(limiter.retryAfter("b"))
        clock.now += 4_500_000_000
        XCTAssertEqual(limiter.retryAfter("a"), 2, "whole seconds until the next token, rounded up")
        clock.now += 1_500_000_000
        XCTAssertNil(limiter.retryAfter("a"), "one failure forgiven after 6 s")
        limiter.recordFailure("a")
        XCTAssertEqual(limiter.retryAfter("a"), 6)
        clock.now += 60_000_000_000
        for _ in 0..<9 { limiter.recordFailure("a") }
        XCTAssertNil(limiter.retryAfter("a"), "the bucket holds at most 10")
    }

    func testBearerSecretSyntax() {
        XCTAssertEqual(bearerSecret("Bearer abc"), Array("abc".utf8))
        XCTAssertEqual(bearerSecret("bearer abc"), Array("abc".utf8))
        XCTAssertEqual(bearerSecret("BEARER   abc"), Array("abc".utf8), "scheme in any case, then spaces")
        XCTAssertNil(bearerSecret("Basic YWxhZGRpbjpvcGVuc2VzYW1l"))
        XCTAssertNil(bearerSecret("Bearer "))
        XCTAssertNil(bearerSecret("Bearer a b"))
        XCTAssertNil(bearerSecret("Bearerxabc"))
        XCTAssertNil(bearerSecret("Bearer " + String(repeating: "a", count: 4097)))
        XCTAssertEqual(bearerSecret("Bearer " + String(repeating: "a", count: 4096))?.count, 4096)
    }

    /// Every visible ASCII byte passes, and one byte out of range (below `!`, DEL, above 0x7F)
    /// is refused wherever it sits, in secrets of several lengths.
    func testBearerSecretRefusesAnyByteOutsideVisibleASCII() {
        let visible = Array(UInt8(0x21)...UInt8(0x7E))
        XCTAssertEqual(bearerSecret(Array("Bearer ".utf8) + visible), visible)
        for length in [1, 7, 8, 9, 20, 43] {
            let secret = [UInt8](repeating: UInt8(ascii: "~"), count: length)
            XCTAssertEqual(bearerSecret(Array("Bearer ".utf8) + secret), secret)
            for position in 0..<length {
                // (A space first would only be one more space after the scheme.)
                for bad: UInt8 in [0x00, 0x09, 0x20, 0x7F, 0x80, 0xA1, 0xFF] where bad != 0x20 || position > 0 {
                    var value = secret
                    value[position] = bad
                    XCTAssertNil(bearerSecret(Array("Bearer ".utf8) + value), "byte \(bad) at \(position) of \(length)")
                }
            }
        }
    }

    /// A token allows exactly its namespaces, whether it lists a few (compared one by one) or
    /// many (looked up in the set).
    func testTokenAllowsExactlyItsNamespacesFewOrMany() {
        func token(_ namespaces: Set<String>?) -> AccessToken {
            AccessToken(name: "t", digest: nil, subject: "CN=t", scopes: [.read], namespaces: namespaces, expiresAt: nil)
        }
        let few = token(["team-a", "team-b", "bench", "a-namespace-longer-than-fifteen"])
        for allowed in ["team-a", "team-b", "bench", "a-namespace-longer-than-fifteen"] {
            XCTAssertTrue(few.allows(namespace: allowed), allowed)
        }
        for refused in ["team-c", "team", "bench2", "", "a-namespace-longer-than-fifteeN"] {
            XCTAssertFalse(few.allows(namespace: refused), refused)
        }
        let many = token(Set((0..<(AccessToken.fewNamespaces + 5)).map { "ns-\($0)" }))
        XCTAssertTrue(many.allows(namespace: "ns-0"))
        XCTAssertTrue(many.allows(namespace: "ns-\(AccessToken.fewNamespaces + 4)"))
        XCTAssertFalse(many.allows(namespace: "ns-\(AccessToken.fewNamespaces + 5)"))
        XCTAssertTrue(token(nil).allows(namespace: "anything"), "* allows every namespace")
    }

    /// `Authenticator.bearerSecret` of `value`'s bytes, copied out.
    private func bearerSecret(_ value: String) -> [UInt8]? {
        bearerSecret(Array(value.utf8))
    }

    private func bearerSecret(_ value: [UInt8]) -> [UInt8]? {
        value.withUnsafeBufferPointer { Authenticator.bearerSecret($0).map(Array.init) }
    }

    /// SipHash-2-4 with the 128-bit output gives the reference implementation's vectors
    /// (`vectors_sip128`: key 00 01 … 0f, message 00 01 … of each length), across the lengths
    /// that end a word, end inside one and fill none.
    func testSipHashMatchesTheReferenceVectors() {
        let key = SipHash.Key(k0: 0x0706_0504_0302_0100, k1: 0x0f0e_0d0c_0b0a_0908)
        let vectors: [Int: String] = [
            0: "a3817f04ba25a8e66df67214c7550293", 1: "da87c1d86b99af44347659119b22fc45",
            7: "a1f1ebbed8dbc153c0b84aa61ff08239", 8: "3b62a9ba6258f5610f83e264f31497b4",
            9: "264499060ad9baabc47f8b02bb6d71ed", 15: "5493e99933b0a8117e08ec0f97cfc3d9",
            16: "6ee2a4ca67b054bbfd3315bf85230577", 43: "27d93437efb721aa401821dcec5adf89",
            63: "5150d1772f50834a503e069a973fbd7c",
        ]
        for (length, expected) in vectors {
            let message = (0..<length).map { UInt8($0) }
            let (first, second) = message.withUnsafeBytes { SipHash.hash128($0, key: key) }
            let bytes = withUnsafeBytes(of: (first.littleEndian, second.littleEndian)) { Array($0) }
            XCTAssertEqual(bytes.map { String(format: "%02x", $0) }.joined(), expected, "length \(length)")
        }
    }

    /// Matches after the first (answered from the remembered fingerprints) agree with the first
    /// (answered by SHA-256): the token again, expiry still applies, no other secret matches,
    /// and after a reload a rotated token's old secret does not.
    func testLaterMatchesAgreeWithTheFirstAndAReloadForgetsOldSecrets() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lokinetpol-registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tokens.yaml").path
        func write(_ entries: [(name: String, secret: String, expires: String?)]) throws {
            let lines = entries.map { entry in
                let digest = SHA256Digest.hex(Array(entry.secret.utf8))
                return "  - name: \(entry.name)\n    sha256: \(digest)\n    scopes: [read]\n    namespaces: [\"*\"]\n"
                    + (entry.expires.map { "    expires: \($0)\n" } ?? "")
            }
            try Data(("tokens:\n" + lines.joined()).utf8).write(to: URL(fileURLWithPath: path))
        }
        func name(_ match: TokenRegistry.Match) -> String {
            switch match {
            case .token(let principal): return principal.token.name
            case .unknown: return "unknown"
            case .expired: return "expired"
            }
        }
        try write([("alpha", "lnp_alpha_secret", nil), ("beta", "lnp_beta_secret", "2030-01-01T00:00:00Z")])
        let registry = try TokenRegistry(path: path)
        let beforeExpiry: Int64 = 1_800_000_000_000
        let afterExpiry: Int64 = 1_900_000_000_000
        for _ in 0..<3 {  // the first match verifies by SHA-256, the later ones by the memory
            XCTAssertEqual(name(registry.match(secret: Array("lnp_alpha_secret".utf8), now: beforeExpiry)), "alpha")
            XCTAssertEqual(name(registry.match(secret: Array("lnp_beta_secret".utf8), now: beforeExpiry)), "beta")
        }
        XCTAssertEqual(name(registry.match(secret: Array("lnp_beta_secret".utf8), now: afterExpiry)), "expired",
                       "a remembered secret still expires")
        XCTAssertEqual(name(registry.match(secret: Array("lnp_alpha_secreT".utf8), now: beforeExpiry)), "unknown")
        XCTAssertEqual(name(registry.match(secret: Array("lnp_alpha_secret".utf8).dropLast(), now: beforeExpiry)), "unknown")

        try write([("alpha", "lnp_alpha_rotated", nil)])  // same name, new secret
        XCTAssertEqual(try registry.reload(), 1)
        XCTAssertEqual(name(registry.match(secret: Array("lnp_alpha_secret".utf8), now: beforeExpiry)), "unknown",
                       "the old secret of a rotated token is refused after the reload")
        XCTAssertEqual(name(registry.match(secret: Array("lnp_beta_secret".utf8), now: beforeExpiry)), "unknown")
        XCTAssertEqual(name(registry.match(secret: Array("lnp_alpha_rotated".utf8), now: beforeExpiry)), "alpha")
        XCTAssertEqual(name(registry.match(secret: Array("lnp_alpha_rotated".utf8), now: beforeExpiry)), "alpha")
    }

    func testTokenCommandHashAndNew() throws {
        func run(_ arguments: [String], input: String = "") throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ServerProcess.binaryPath)
            process.arguments = arguments
            let stdin = Pipe()
            let stdout = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            try process.run()
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
            let data = stdout.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
            return String(decoding: data, as: UTF8.self)
        }
        XCTAssertEqual(
            try run(["token", "hash"], input: "abc\n"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n")
        let made = try run(["token", "new", "portal", "--scopes", "read", "impersonate", "--namespaces", "team-a"])
        let lines = made.split(separator: "\n").map(String.init)
        let secret = try XCTUnwrap(lines.first)
        XCTAssertTrue(secret.hasPrefix("lnp_"))
        XCTAssertEqual(secret.count, 4 + 43, "256 bits as unpadded base64url")
        let entry = lines.dropFirst(2).joined(separator: "\n")
        XCTAssertFalse(entry.contains(secret))
        let tokens = try TokenFile.parse(Array(("tokens:\n" + entry + "\n").utf8))
        XCTAssertEqual(tokens.first?.name, "portal")
        XCTAssertEqual(tokens.first?.scopes, [.read, .impersonate])
        XCTAssertEqual(try run(["token", "hash"], input: secret), tokens.first.map { ($0.digest ?? []).map { String(format: "%02x", $0) }.joined() + "\n" })
        XCTAssertNotEqual(try run(["token", "new", "portal"]).split(separator: "\n").first.map(String.init), secret)
    }
}

