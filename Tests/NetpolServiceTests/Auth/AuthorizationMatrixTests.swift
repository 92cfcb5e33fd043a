import Foundation
import XCTest
import HTTPTestSupport

/// Every route × every kind of caller over HTTP against the real binary with a tokens file
/// (api.md, Security): the status, no body leaking another namespace, the recorded author, and
/// no secret in any response, log line or database byte.
class AuthorizationMatrixTests: XCTestCase {
    var server: ServerProcess!
    var client: HTTPTestClient!
    var tokens = TokenFixture()
    /// Every response body of the test, for the secret scan.
    var bodies: [[UInt8]] = []
    let stackA = "/v1/namespaces/team-a/lokistacks/alpha-stack"
    let stackB = "/v1/namespaces/team-b/lokistacks/bravo-stack"
    /// The test's PostgreSQL database (nil on SQLite).
    var postgres: PostgresTestDatabase?

    /// The backend of the server: SQLite here, PostgreSQL in ``PostgresAuthorizationMatrixTests``.
    class var backend: ServiceBackend { .sqlite }

    override func setUpWithError() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lokinetpol-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        tokens.add("reader", scopes: ["read"], namespaces: ["team-a"])
        tokens.add("writer-a", scopes: ["read", "write"], namespaces: ["team-a"])
        tokens.add("writer-b", scopes: ["read", "write"], namespaces: ["team-b"])
        tokens.add("admin", scopes: ["read", "write"], namespaces: ["*"])
        tokens.add("portal", scopes: ["read", "write", "impersonate"], namespaces: ["team-a"])
        tokens.add("portal-plain", scopes: ["read", "write"], namespaces: ["team-a"])
        tokens.add("write-only", scopes: ["write"], namespaces: ["team-a"])
        tokens.add("expired", scopes: ["read"], namespaces: ["*"], expires: "2020-01-01T00:00:00Z")
        let path = directory.appendingPathComponent("tokens.yaml").path
        try tokens.write(to: path)
        // Loopback is a trusted proxy: each request names its own client address in
        // X-Forwarded-For, so the matrix's bad tokens do not exhaust one address's bucket.
        postgres = try Self.backend.database(for: self)
        server = try ServerProcess(
            directory: directory, database: postgres?.url, extraArguments: ["--tokens", path, "--trusted-proxies", "127.0.0.0/8"])
        client = server.client()
        let admin = headers(for: .admin)
        XCTAssertEqual(try send("PUT", stackA, admin, body: envelope("alpha-stack", "team-a")).status, 201)
        XCTAssertEqual(try send("PUT", stackB, admin, body: envelope("bravo-stack", "team-b")).status, 201)
    }

    override func tearDown() {
        client?.close()
        server?.cleanUp()
        XCTAssertNoThrow(try postgres?.drop(), "the test database is dropped")
    }

    /// The callers of the matrix.
    enum Caller: String, CaseIterable {
        case none, badToken, reader, writerA, writerB, admin, impersonating, portalWithoutScope
    }

    func headers(for caller: Caller) -> [(String, String)] {
        switch caller {
        case .none: return []
        case .badToken: return [("Authorization", "Bearer lnp_not_a_known_secret_0123456789")]
        case .reader: return bearer("reader")
        case .writerA: return bearer("writer-a")
        case .writerB: return bearer("writer-b")
        case .admin: return bearer("admin")
        case .impersonating: return bearer("portal") + [("Impersonate-User", "alice@example.com")]
        case .portalWithoutScope: return bearer("portal-plain") + [("Impersonate-User", "alice@example.com")]
        }
    }

    func bearer(_ name: String) -> [(String, String)] { [("Authorization", "Bearer \(tokens.secret(name))")] }

    /// What each caller may do in team-a.
    func canRead(_ caller: Caller) -> Bool { [.reader, .writerA, .admin, .impersonating].contains(caller) }
    func canWrite(_ caller: Caller) -> Bool { [.writerA, .admin, .impersonating].contains(caller) }
    func canReadAnywhere(_ caller: Caller) -> Bool { canRead(caller) || caller == .writerB }
    func canReadB(_ caller: Caller) -> Bool { [.writerB, .admin].contains(caller) }

    func envelope(_ name: String, _ namespace: String, size: String = "1x.small") -> String {
        Inputs.envelope(name: name, namespace: namespace, size: size)
    }

    /// Distinct client addresses, one per request (see `setUpWithError`).
    var nextClient = 0

    @discardableResult
    func send(
        _ method: String, _ target: String, _ headers: [(String, String)], body: String? = nil, from address: String? = nil
    ) throws -> HTTPTestResponse {
        nextClient += 1
        let headers = headers + [("X-Forwarded-For", address ?? "198.51.\(nextClient / 250).\(nextClient % 250 + 1)")]
        let response: HTTPTestResponse
        if let body {
            response = try client.request(
                method, target, headers: headers + [("Content-Type", "application/json")], text: body)
        } else {
            response = try client.request(method, target, headers: headers)
        }
        bodies.append(response.body)
        return response
    }

    /// One route of the matrix: the expected status per caller (nil: the route's rule).
    struct Route {
        let method: String
        let target: String
        var body: String? = nil
        var extraHeaders: [(String, String)] = []
        let expected: (Caller) -> Int
    }

    func routes() -> [Route] {
        let read: (Caller) -> Int = { [self] caller in
            switch caller {
            case .none, .badToken: return 401
            case .portalWithoutScope: return 403
            default: return canRead(caller) ? 200 : 403
            }
        }
        let write: (Caller) -> Int = { [self] caller in
            switch caller {
            case .none, .badToken: return 401
            case .portalWithoutScope: return 403
            default: return canWrite(caller) ? 200 : 403
            }
        }
        let readAnywhere: (Caller) -> Int = { [self] caller in
            switch caller {
            case .none, .badToken: return 401
            case .portalWithoutScope: return 403
            default: return canReadAnywhere(caller) ? 200 : 403
            }
        }
        let open: (Caller) -> Int = { caller in caller == .badToken ? 401 : 200 }
        let renderBody = envelope("alpha-stack", "team-a")
        return [
            Route(method: "GET", target: "/healthz", expected: open),
            Route(method: "GET", target: "/readyz", expected: open),
            Route(method: "GET", target: "/openapi.yaml", expected: open),
            Route(method: "GET", target: "/metrics", expected: readAnywhere),
            Route(method: "POST", target: "/v1/render", body: renderBody, expected: readAnywhere),
            Route(method: "POST", target: "/v1/flows", body: renderBody, expected: readAnywhere),
            Route(method: "GET", target: "/v1/lokistacks", expected: readAnywhere),
            Route(method: "GET", target: "/v1/namespaces/team-a/lokistacks", expected: read),
            Route(method: "GET", target: stackA, expected: read),
            Route(method: "HEAD", target: stackA, expected: read),
            Route(method: "GET", target: stackA + "/policies", expected: read),
            Route(method: "GET", target: stackA + "/flows", expected: read),
            Route(method: "GET", target: stackA + "/revisions", expected: read),
            Route(method: "GET", target: stackA + "/revisions/1", expected: read),
            Route(method: "GET", target: stackA + "/revisions/1/policies", expected: read),
            Route(method: "GET", target: stackA + "/diff", expected: read),
            Route(method: "GET", target: stackA + "/revisions/1/restore", expected: read),
            Route(method: "POST", target: stackA + "/plan", body: renderBody, expected: read),
            // A stack that does not exist: 403 for those who may not read the namespace, as for one that does.
            Route(method: "GET", target: "/v1/namespaces/team-a/lokistacks/missing", expected: { read($0) == 200 ? 404 : read($0) }),
            Route(method: "PUT", target: stackA, body: renderBody, expected: write),
            Route(method: "POST", target: stackA + "/revisions/1/restore", expected: write),
            // DELETE with a stale If-Match: the precondition (412) comes after the 403.
            Route(
                method: "DELETE", target: stackA, extraHeaders: [("If-Match", "\"stale\"")],
                expected: { write($0) == 200 ? 412 : write($0) }),
            // Unknown route and wrong method: 401 first, then 404/405 before any 403.
            Route(method: "GET", target: "/v1/nothing-here", expected: { [401, 401].contains(read($0)) ? 401 : 404 }),
            Route(method: "PATCH", target: stackA, expected: { [.none, .badToken].contains($0) ? 401 : 405 }),
        ]
    }

    func testEveryRouteAndCaller() throws {
        var failures: [String] = []
        for route in routes() {
            for caller in Caller.allCases {
                let response = try send(route.method, route.target, headers(for: caller) + route.extraHeaders, body: route.body)
                let expected = route.expected(caller)
                if response.status != expected {
                    failures.append("\(route.method) \(route.target) as \(caller): \(response.status), expected \(expected): \(response.text.prefix(200))")
                }
                if response.status >= 400 {
                    XCTAssertEqual(response.mediaType, "application/problem+json", "\(route.method) \(route.target) as \(caller)")
                }
                if response.status == 401 {
                    XCTAssertEqual(response.header("WWW-Authenticate")?.hasPrefix(#"Bearer realm="lokinetpol""#), true)
                }
                // No body names a stack of a namespace the caller may not read (unless the request did).
                let sent = route.target + (route.body ?? "")
                if !canReadB(caller), !sent.contains("team-b") {
                    XCTAssertFalse(response.text.contains("bravo-stack"), "\(route.method) \(route.target) as \(caller) leaks team-b")
                    XCTAssertFalse(response.text.contains("team-b"), "\(route.method) \(route.target) as \(caller) leaks team-b")
                }
                if caller == .writerB, !sent.contains("team-a") {
                    XCTAssertFalse(response.text.contains("alpha-stack"), "\(route.method) \(route.target) as writer-b leaks team-a")
                }
            }
        }
        XCTAssertTrue(failures.isEmpty, failures.joined(separator: "\n"))
    }

    func testTeamBIsForbiddenWhetherOrNotTheStackExists() throws {
        var details: Set<String> = []
        for target in [stackB, "/v1/namespaces/team-b/lokistacks/never-existed"] {
            let response = try send("GET", target, bearer("reader"))
            XCTAssertEqual(response.status, 403, target)
            details.insert(response.json?["detail"] as? String ?? "")
        }
        XCTAssertEqual(details.count, 1, "the same answer whether or not the stack exists: \(details)")
        XCTAssertEqual(try send("GET", stackB + "/revisions/1", bearer("reader")).status, 403)
    }

    func testListsShowOnlyTheTokensNamespaces() throws {
        func names(_ caller: Caller) throws -> [String] {
            let list = try send("GET", "/v1/lokistacks", headers(for: caller)).json?["items"] as? [[String: Any]] ?? []
            return list.compactMap { $0["name"] as? String }.sorted()
        }
        XCTAssertEqual(try names(.reader), ["alpha-stack"])
        XCTAssertEqual(try names(.writerB), ["bravo-stack"])
        XCTAssertEqual(try names(.admin), ["alpha-stack", "bravo-stack"])
        // Pagination stays inside the filter.
        let first = try send("GET", "/v1/lokistacks?limit=1", headers(for: .admin)).json
        let cursor = try XCTUnwrap(first?["nextCursor"] as? String)
        let second = try send("GET", "/v1/lokistacks?limit=1&cursor=\(cursor)", headers(for: .reader)).json
        XCTAssertEqual((second?["items"] as? [Any])?.count, 0)
    }

    func testScopesAreIndependent() throws {
        XCTAssertEqual(try send("GET", stackA, bearer("write-only")).status, 403)
        XCTAssertEqual(try send("PUT", stackA, bearer("write-only"), body: envelope("alpha-stack", "team-a")).status, 200)
        XCTAssertEqual(try send("POST", "/v1/render", bearer("write-only"), body: envelope("x", "team-a")).status, 403)
        XCTAssertEqual(try send("GET", "/metrics", bearer("write-only")).status, 403)
    }

    func testExpiredTokenIsUnauthorized() throws {
        let response = try send("GET", stackA, bearer("expired"))
        XCTAssertEqual(response.status, 401)
        XCTAssertTrue(response.header("WWW-Authenticate")?.contains("invalid_token") ?? false)
    }

    func testImpersonationHeaderGrammar() throws {
        let portal = bearer("portal")
        for extra in [
            [("Impersonate-User", "")], [("Impersonate-User", "bad name")],
            [("Impersonate-User", String(repeating: "a", count: 129))],
            [("Impersonate-User", "alice"), ("Impersonate-User", "bob")],
            [("Impersonate-User", "alice"), ("Impersonate-Group", "admins")],
            [("Impersonate-Uid", "1")],
        ] {
            XCTAssertEqual(try send("GET", stackA, portal + extra).status, 400, "\(extra)")
        }
        XCTAssertEqual(try send("GET", stackA, portal + [("Impersonate-User", "a.b_c@d:e+f-g")]).status, 200)
    }

    func testAuthorIsTheTokenOrTheUserViaTheToken() throws {
        XCTAssertEqual(try send("PUT", stackA, bearer("writer-a"), body: envelope("alpha-stack", "team-a", size: "1x.medium")).status, 200)
        let impersonated = bearer("portal") + [("Impersonate-User", "alice")]
        let changed = envelope("alpha-stack", "team-a").replacingOccurrences(of: #""enabled":false"#, with: #""enabled":true"#)
        XCTAssertEqual(try send("PUT", stackA, impersonated, body: changed).status, 200)
        let current = try send("GET", stackA, bearer("reader")).json?["currentRevision"] as? [String: Any]
        XCTAssertEqual(current?["author"] as? String, "alice (via portal)")
        XCTAssertEqual(current?["number"] as? Int, 2)
        let first = try send("GET", stackA + "/revisions/1", bearer("reader")).json
        XCTAssertEqual(first?["author"] as? String, "admin")

        // Revision filters.
        func numbers(_ query: String) throws -> [Int] {
            let items = try send("GET", stackA + "/revisions" + query, bearer("reader")).json?["items"] as? [[String: Any]]
            return (items ?? []).compactMap { $0["number"] as? Int }
        }
        XCTAssertEqual(try numbers("?author=admin"), [1])
        XCTAssertEqual(try numbers("?author=alice%20(via%20portal)"), [2])
        XCTAssertEqual(try numbers("?since=2000-01-01T00:00:00Z&until=2999-01-01T00:00:00Z"), [2, 1])
        XCTAssertEqual(try numbers("?since=2999-01-01T00:00:00Z"), [])
        XCTAssertEqual(try numbers("?until=2000-01-01T00:00:00%2B01:00"), [])
        XCTAssertEqual(try send("GET", stackA + "/revisions?since=yesterday", bearer("reader")).status, 400)
    }

    func testDeletionIsAttributedAndKept() throws {
        let impersonated = bearer("portal") + [("Impersonate-User", "bob")]
        XCTAssertEqual(try send("DELETE", stackA, impersonated).status, 204)
        let history = try send("GET", stackA + "/revisions", bearer("reader")).json
        let deletions = history?["deletions"] as? [[String: Any]]
        XCTAssertEqual(deletions?.count, 1)
        XCTAssertEqual(deletions?.first?["author"] as? String, "bob (via portal)")
        XCTAssertEqual(deletions?.first?["revision"] as? Int, 1)
        XCTAssertNotNil((deletions?.first?["deletedAt"] as? String).flatMap { $0.hasSuffix("Z") ? $0 : nil })
        XCTAssertEqual(try send("PUT", stackA, bearer("writer-a"), body: envelope("alpha-stack", "team-a")).status, 201)
        let stack = try send("GET", stackA, bearer("reader")).json
        let last = stack?["lastDeletion"] as? [String: Any]
        XCTAssertEqual(last?["author"] as? String, "bob (via portal)")
    }

    func testFailedAuthenticationsAreRateLimitedBeforeTheTokenIsChecked() throws {
        let guesser = "2001:db8:1:2::7"
        for index in 0..<10 {
            // Any address of the same IPv6 /64 shares the bucket.
            let address = index % 2 == 0 ? guesser : "2001:db8:1:2::\(index + 100)"
            XCTAssertEqual(try send("GET", stackA, headers(for: .badToken), from: address).status, 401)
        }
        let limited = try send("GET", stackA, headers(for: .badToken), from: guesser)
        XCTAssertEqual(limited.status, 429)
        let retryAfter = Int(limited.header("Retry-After") ?? "")
        XCTAssertNotNil(retryAfter)
        XCTAssertTrue((1...6).contains(retryAfter ?? 0), "\(limited)")
        // Even a good token from that address waits: nothing is checked while limited.
        XCTAssertEqual(try send("GET", stackA, bearer("reader"), from: guesser).status, 429)
        // Requests without credentials are not guesses.
        XCTAssertEqual(try send("GET", "/healthz", [], from: guesser).status, 200)
        // Another /64, and another client behind the same proxy, are not limited.
        XCTAssertEqual(try send("GET", stackA, bearer("reader"), from: "2001:db8:1:3::7").status, 200)
        XCTAssertEqual(try send("GET", stackA, bearer("reader"), from: "203.0.113.9").status, 200)
        // X-Forwarded-For is ignored from a peer that is not a trusted proxy: see
        // AuthenticationSettingsTests.testForwardedForIsIgnoredFromUntrustedPeers.
    }

    func testNoSecretInResponsesLogOrDatabase() throws {
        try testEveryRouteAndCaller()
        try testAuthorIsTheTokenOrTheUserViaTheToken()
        XCTAssertEqual(server.terminate(), 0)
        // The access log records the user and the token.
        let lines = server.logLines().filter { $0["message"] as? String == "request" && $0["method"] as? String == "PUT" }
        XCTAssertTrue(lines.contains { $0["identity"] as? String == "alice (via portal)" }, "\(lines)")
        var secrets = tokens.callers.values.map(\.secret)
        secrets.append("lnp_not_a_known_secret_0123456789")
        var haystacks: [(String, [UInt8])] = bodies.enumerated().map { ("response \($0.offset)", $0.element) }
        haystacks.append(("log", Array(server.logText().utf8)))
        for suffix in ["", "-wal", "-shm"] {
            if let data = FileManager.default.contents(atPath: server.databasePath + suffix) {
                haystacks.append(("database\(suffix)", Array(data)))
            }
        }
        if let postgres {
            haystacks.append(("database dump", Array(try postgres.dump().utf8)))
        }
        for secret in secrets {
            // pg_dump prints bytea as hex.
            let hex = secret.utf8.map { String($0, radix: 16) }.joined()
            for needle in [Array(secret.utf8), Array(hex.utf8)] {
                for (name, bytes) in haystacks {
                    XCTAssertFalse(contains(bytes, needle), "\(name) holds a secret")
                }
            }
        }
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return haystack.withUnsafeBufferPointer { buffer in
            for start in 0...(buffer.count - needle.count) where buffer[start] == needle[0] {
                if Array(buffer[start..<(start + needle.count)]) == needle { return true }
            }
            return false
        }
    }
}
