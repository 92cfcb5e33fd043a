import XCTest

/// `If-None-Match` → 304 on GET/HEAD; `If-Match` / `If-None-Match` on PUT/DELETE → 412 (or
/// 404), checked before the body is validated.
class ConditionalRequestTests: ServiceTestCase {
    let stack = Inputs.stackPath()

    func testIfNoneMatchOnReadsAnswers304() throws {
        let etag = try XCTUnwrap(try put(stack, json: Inputs.envelope()).header("ETag"))
        let policiesTag = try XCTUnwrap(try get(stack + "/policies").header("ETag"))
        let revisionTag = try XCTUnwrap(try get(stack + "/revisions/1").header("ETag"))
        // (path, If-None-Match, expected status)
        let cases: [(String, String, Int)] = [
            (stack, etag, 304),
            (stack, "W/" + etag, 304),
            (stack, "*", 304),
            (stack, "\"other\", " + etag, 304),
            (stack, "\"other\"", 200),
            (stack + "/policies", policiesTag, 304),
            (stack + "/policies", "W/" + policiesTag, 304),
            (stack + "/policies", etag, 200),
            (stack + "/revisions/1", revisionTag, 304),
            (stack + "/revisions/1", policiesTag, 200),
            (stack + "/revisions/1/policies", policiesTag, 304),
        ]
        for (path, condition, expected) in cases {
            for method in ["GET", "HEAD"] {
                let response = try client.request(method, path, headers: [("If-None-Match", condition)])
                XCTAssertEqual(response.status, expected, "\(method) \(path) If-None-Match: \(condition) → \(response)")
                if expected == 304 {
                    XCTAssertEqual(response.body, [])
                    XCTAssertNotNil(response.header("ETag"))
                }
            }
        }
        // The YAML representation has the same strong tag.
        let yaml304 = try client.request(
            "GET", stack + "/policies", headers: [("Accept", "application/yaml"), ("If-None-Match", policiesTag)])
        XCTAssertEqual(yaml304.status, 304)
        XCTAssertEqual(yaml304.header("Vary"), "Accept")
    }

    func testWritePreconditions() throws {
        let invalidBody = #"{"lokistack":{"spec":{"tenants":{"mode":"bogus"}}}}"#
        // Absent stack: If-Match (even *) → 412, before the (invalid) body is looked at.
        assertStatus(try put(stack, json: invalidBody, headers: [("If-Match", "*")]), 412)
        assertStatus(try put(stack, json: Inputs.envelope(), headers: [("If-Match", "\"nope\"")]), 412)
        // Create-only.
        let created = try put(stack, json: Inputs.envelope(), headers: [("If-None-Match", "*")])
        assertStatus(created, 201)
        let etag = try XCTUnwrap(created.header("ETag"))
        assertStatus(try put(stack, json: Inputs.envelope(), headers: [("If-None-Match", "*")]), 412)
        assertStatus(try put(stack, json: invalidBody, headers: [("If-None-Match", "*")]), 412)
        // Stale and current If-Match.
        assertStatus(try put(stack, json: invalidBody, headers: [("If-Match", "\"stale\"")]), 412)
        assertStatus(try put(stack, json: Inputs.envelope(), headers: [("If-Match", "W/" + etag)]), 412, "weak never matches")
        assertStatus(try put(stack, json: invalidBody, headers: [("If-Match", etag)]), 422, "a passing precondition → body checked")
        let updated = try put(stack, json: Inputs.envelope(ruler: true), headers: [("If-Match", "\"x\", " + etag)])
        assertStatus(updated, 200)
        let newTag = try XCTUnwrap(updated.header("ETag"))
        assertStatus(try put(stack, json: Inputs.envelope(), headers: [("If-Match", etag)]), 412, "now stale")
        assertStatus(try put(stack, json: Inputs.envelope(ruler: true), headers: [("If-None-Match", newTag)]), 412)
        // DELETE: stale → 412, current → 204, absent with If-Match → 404.
        assertStatus(try client.request("DELETE", stack, headers: [("If-Match", etag)]), 412)
        assertStatus(try client.request("DELETE", stack, headers: [("If-None-Match", "*")]), 412)
        assertStatus(try client.request("DELETE", stack, headers: [("If-Match", newTag)]), 204)
        assertStatus(try client.request("DELETE", stack, headers: [("If-Match", "*")]), 404)
        // A deleted stack: If-Match → 412; create-only PUT works again (201).
        assertStatus(try put(stack, json: Inputs.envelope(), headers: [("If-Match", "*")]), 412)
        assertStatus(try put(stack, json: Inputs.envelope(), headers: [("If-None-Match", "*")]), 201)
        XCTAssertEqual(
            (try get(stack + "/revisions").json?["items"] as? [[String: Any]])?.compactMap { $0["number"] as? Int },
            [3, 2, 1])
    }

    /// api.md order of evaluation: path and query (400/422) → preconditions (412/428) → body.
    func testQueryErrorsAreAnsweredBeforePreconditionsAndTheBodyAfter() throws {
        let etag = try XCTUnwrap(try put(stack, json: Inputs.envelope()).header("ETag"))
        let emptyBody = ""
        let invalidBody = #"{"lokistack":{"spec":{"tenants":{"mode":"bogus"}}}}"#
        for query in ["serviceMonitors=null", "platform=mainframe", "gateway=maybe&openshiftVersion=4.20"] {
            for condition in [("If-Match", "\"stale\""), ("If-None-Match", "*"), ("If-None-Match", etag), ("If-Match", etag)] {
                for body in [Inputs.envelope(), invalidBody, emptyBody] {
                    let response = try put(stack + "?" + query, json: body, headers: [condition])
                    assertStatus(response, 422, "\(query) \(condition) body \(body.prefix(20))")
                    XCTAssertTrue(pointers(response).allSatisfy { $0.hasPrefix("/cluster/") }, "\(pointers(response))")
                }
            }
        }
        // A path that cannot name a stack is a path error, also before the precondition.
        for (path, pointer) in [
            (Inputs.stackPath("dev", namespace: "Bad_NS"), "/lokistack/metadata/namespace"),
            (Inputs.stackPath("-dev"), "/lokistack/metadata/name"),
        ] {
            for condition in [("If-Match", "\"stale\""), ("If-None-Match", "*")] {
                let response = try put(path, json: Inputs.envelope(), headers: [condition])
                assertStatus(response, 422, "\(path) \(condition)")
                XCTAssertEqual(pointers(response), [pointer])
            }
        }
        // A valid query: the precondition decides before the body is looked at.
        assertStatus(try put(stack + "?serviceMonitors=false", json: invalidBody, headers: [("If-Match", "\"stale\"")]), 412)
        assertStatus(try put(stack + "?serviceMonitors=false", json: emptyBody, headers: [("If-None-Match", "*")]), 412)
        let failedBody = try put(stack + "?serviceMonitors=false", json: invalidBody, headers: [("If-Match", etag)])
        assertStatus(failedBody, 422)
        XCTAssertTrue(pointers(failedBody).allSatisfy { $0.hasPrefix("/lokistack/") }, "\(pointers(failedBody))")
        assertStatus(try put(stack + "?serviceMonitors=false", json: Inputs.envelope(), headers: [("If-Match", etag)]), 200)
    }
}
