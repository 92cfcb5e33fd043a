import Foundation
import PolicyStore
import XCTest
import HTTPTestSupport

/// Restore (rollback) over real HTTP against the real binary: `POST …/revisions/{n}/restore`
/// and its dry run `GET …/revisions/{n}/restore` (issue 13, docs/rollback.md).
class RestoreTests: ServiceTestCase {
    let stack = Inputs.stackPath()

    func restore(_ number: Int, query: String = "", headers: [(String, String)] = []) throws -> HTTPTestResponse {
        try client.request("POST", stack + "/revisions/\(number)/restore" + query, headers: headers)
    }

    func revisionNumbers() throws -> [Int] {
        (try get(stack + "/revisions").json?["items"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? Int }
    }

    func current(_ response: HTTPTestResponse) -> [String: Any] {
        response.json?["currentRevision"] as? [String: Any] ?? [:]
    }

    /// The `policies` member (the Kubernetes `List`) of revision `number`'s policies.
    func policies(ofRevision number: Int) throws -> NSDictionary {
        let response = try get(stack + "/revisions/\(number)/policies")
        assertStatus(response, 200)
        return try XCTUnwrap(response.json?["policies"] as? NSDictionary)
    }

    func metric(_ name: String) throws -> String? {
        try get("/metrics").text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map {
            String($0.dropFirst(name.count + 1))
        }
    }

    func testRestoreMakesAnEarlierRevisionCurrentAgainAsANewRevision() throws {
        let a = try put(stack, json: Inputs.envelope())
        assertStatus(a, 201)
        let digestA = try XCTUnwrap(current(a)["digest"] as? String)
        assertStatus(try put(stack, json: Inputs.envelope(ruler: true)), 200)

        let restored = try restore(1)
        assertStatus(restored, 200)
        XCTAssertEqual(restored.mediaType, "application/json")
        XCTAssertNil(restored.header("Location"), "the stack existed: no Location")
        XCTAssertEqual(restored.json?["revisionCreated"] as? Bool, true)
        XCTAssertNotNil(restored.json?["warnings"] as? [Any])
        let revision3 = current(restored)
        XCTAssertEqual(revision3["number"] as? Int, 3)
        XCTAssertEqual(revision3["digest"] as? String, digestA)
        XCTAssertEqual(revision3["author"] as? String, "anonymous")
        XCTAssertEqual(
            revision3["changeSummary"] as? String, "restored revision 1; removed ruler-allow-alert-egress")
        // The answer's ETag is the stack's; the stack's inputs are revision 1's again.
        let stackNow = try get(stack)
        XCTAssertEqual(restored.header("ETag"), stackNow.header("ETag"))
        let inputs1 = try XCTUnwrap(try get(stack + "/revisions/1").json?["inputs"] as? NSDictionary)
        XCTAssertEqual(stackNow.json?["inputs"] as? NSDictionary, inputs1)

        // The new revision: revision 1's policies and inputs, restoredFrom stored.
        let stored = try get(stack + "/revisions/3")
        assertStatus(stored, 200)
        XCTAssertEqual(stored.json?["restoredFrom"] as? Int, 1)
        XCTAssertEqual(stored.json?["author"] as? String, "anonymous")
        XCTAssertEqual(stored.json?["changeSummary"] as? String, revision3["changeSummary"] as? String)
        XCTAssertEqual(stored.json?["inputs"] as? NSDictionary, inputs1)
        XCTAssertEqual(try policies(ofRevision: 3), try policies(ofRevision: 1))
        XCTAssertEqual(try get(stack + "/policies").json?["revision"] as? Int, 3, "the current policies are revision 3")
        for ordinary in [1, 2] {
            let revision = try get(stack + "/revisions/\(ordinary)")
            XCTAssertNotNil(revision.json?["number"])
            XCTAssertNil(revision.json?["restoredFrom"], "revision \(ordinary) was not restored")
        }
        XCTAssertEqual(try revisionNumbers(), [3, 2, 1], "history is appended to, never rewritten")
        let diff13 = try get(stack + "/diff?from=1&to=3")
        XCTAssertEqual((diff13.json?["changed"] as? [Any])?.count, 0, "\(diff13)")
        XCTAssertEqual(diff13.json?["added"] as? [String], [])
        XCTAssertEqual(diff13.json?["removed"] as? [String], [])

        XCTAssertEqual(try metric("lokinetpol_restores_total"), "1")
        XCTAssertEqual(try metric("lokinetpol_revisions_created_total"), "3")
    }

    func testRestoringWhatIsCurrentCreatesNothing() throws {
        assertStatus(try put(stack, json: Inputs.envelope()), 201)
        let b = try put(stack, json: Inputs.envelope(ruler: true))
        let etag = try XCTUnwrap(b.header("ETag"))

        let same = try restore(2)
        assertStatus(same, 200)
        XCTAssertEqual(same.json?["revisionCreated"] as? Bool, false)
        XCTAssertEqual(same.header("ETag"), etag, "the same inputs: nothing changed")
        XCTAssertEqual(current(same)["number"] as? Int, 2)
        XCTAssertNil(same.header("Location"))
        XCTAssertEqual(try revisionNumbers(), [2, 1])

        // Revision 3 restores 1; restoring 1 again (same policies as the current 3) is a no-op.
        assertStatus(try restore(1), 200)
        let again = try restore(1)
        assertStatus(again, 200)
        XCTAssertEqual(again.json?["revisionCreated"] as? Bool, false)
        XCTAssertEqual(try revisionNumbers(), [3, 2, 1])
        XCTAssertEqual(try metric("lokinetpol_restores_total"), "3", "every committed restore counts")
    }

    func testADeletedStackIsBroughtBackFromItsHistory() throws {
        assertStatus(try put(stack, json: Inputs.envelope()), 201)
        assertStatus(try put(stack, json: Inputs.envelope(ruler: true)), 200)
        assertStatus(try client.request("DELETE", stack), 204)
        assertStatus(try get(stack), 404)

        let back = try restore(1)
        assertStatus(back, 201)
        XCTAssertEqual(back.header("Location"), stack)
        XCTAssertEqual(back.json?["revisionCreated"] as? Bool, true)
        let revision = current(back)
        XCTAssertEqual(revision["number"] as? Int, 3, "numbering continues after deletion")
        XCTAssertTrue(
            (revision["changeSummary"] as? String ?? "").hasPrefix("restored revision 1; recreated: "), "\(revision)")
        assertStatus(try get(stack), 200)
        XCTAssertEqual((try get("/v1/lokistacks").json?["items"] as? [Any])?.count, 1, "back in the lists")
        XCTAssertEqual(try get(stack + "/revisions/3").json?["restoredFrom"] as? Int, 1)
        XCTAssertEqual(try policies(ofRevision: 3), try policies(ofRevision: 1))
    }

    func testPreconditionsAreThoseOfPUT() throws {
        let a = try put(stack, json: Inputs.envelope())
        let etag1 = try XCTUnwrap(a.header("ETag"))
        let b = try put(stack, json: Inputs.envelope(ruler: true))
        let etag2 = try XCTUnwrap(b.header("ETag"))

        assertStatus(try restore(1, headers: [("If-Match", etag1)]), 412, "stale If-Match")
        assertStatus(try restore(1, headers: [("If-None-Match", "*")]), 412, "create-only on a live stack")
        assertStatus(try restore(1, headers: [("If-None-Match", etag2)]), 412)
        XCTAssertEqual(try revisionNumbers(), [2, 1], "nothing stored")
        XCTAssertEqual(try get(stack).header("ETag"), etag2, "nothing stored")
        XCTAssertEqual(try metric("lokinetpol_restores_total"), "0")

        let passed = try restore(1, headers: [("If-Match", etag2)])
        assertStatus(passed, 200)
        XCTAssertEqual(current(passed)["number"] as? Int, 3)

        // A deleted stack: If-Match → 412, create-only → 201.
        let etag3 = try XCTUnwrap(passed.header("ETag"))
        assertStatus(try client.request("DELETE", stack, headers: [("If-Match", etag3)]), 204)
        assertStatus(try restore(2, headers: [("If-Match", "*")]), 412)
        assertStatus(try restore(2, headers: [("If-None-Match", "*")]), 201)
    }

    func testUnknownRevisionsAndStacksAre404() throws {
        assertStatus(try restore(1), 404, "a stack that never existed")
        assertStatus(try get(stack + "/revisions/1/restore"), 404, "a stack that never existed (dry run)")
        assertStatus(try put(stack, json: Inputs.envelope()), 201)
        for path in ["/revisions/2/restore", "/revisions/0/restore", "/revisions/x/restore"] {
            assertStatus(try client.request("POST", stack + path), 404, path)
            assertStatus(try get(stack + path), 404, path)
        }
        let wrongMethod = try client.request("PUT", stack + "/revisions/1/restore")
        assertStatus(wrongMethod, 405)
        XCTAssertEqual(wrongMethod.header("Allow"), "GET, HEAD, POST")
        assertStatus(
            try client.request("POST", stack + "/revisions/1/restore", headers: [("Content-Type", "application/json")],
                text: Inputs.envelope(ruler: true)),
            400, "a body is refused: the inputs are the revision's")
        XCTAssertEqual(try revisionNumbers(), [1])
    }

    func testDryRunAnswersLikeAPlanAndStoresNothing() throws {
        let a = try put(stack, json: Inputs.envelope())
        let digestA = try XCTUnwrap(current(a)["digest"] as? String)
        let b = try put(stack, json: Inputs.envelope(ruler: true))
        let etag = try XCTUnwrap(b.header("ETag"))

        let plan = try get(stack + "/revisions/1/restore")
        assertStatus(plan, 200)
        XCTAssertEqual(plan.mediaType, "application/json")
        XCTAssertEqual(plan.json?["from"] as? Int, 2)
        XCTAssertNil(plan.json?["to"])
        XCTAssertEqual(plan.json?["restoredFrom"] as? Int, 1)
        XCTAssertEqual(plan.json?["removed"] as? [String], ["dev-ruler-allow-alert-egress"])
        XCTAssertEqual(plan.json?["added"] as? [String], [])
        XCTAssertEqual(plan.json?["digest"] as? String, digestA)
        XCTAssertEqual(plan.json?["enabled"] as? Bool, true)
        XCTAssertEqual(plan.json?["reason"] as? String, "enabled explicitly")
        XCTAssertNotNil(plan.json?["warnings"] as? [Any])
        XCTAssertEqual(plan.json?["wouldCreateRevision"] as? Bool, true)
        // The same answer as a plan of revision 1's inputs.
        let inputs1 = try XCTUnwrap(try get(stack + "/revisions/1").json?["inputs"])
        let manual = try client.request(
            "POST", stack + "/plan", headers: [("Content-Type", "application/json")],
            body: Array(try JSONSerialization.data(withJSONObject: inputs1)))
        var planned = try XCTUnwrap(plan.json)
        planned["restoredFrom"] = nil
        XCTAssertEqual(planned as NSDictionary, try XCTUnwrap(manual.json) as NSDictionary)

        let text = try get(stack + "/revisions/1/restore", accept: "text/x-diff")
        assertStatus(text, 200)
        XCTAssertEqual(text.mediaType, "text/x-diff")
        XCTAssertTrue(text.text.hasPrefix("# digest: \(digestA)\n"), text.text)
        XCTAssertTrue(text.text.contains("# wouldCreateRevision: true\n# restoredFrom: 1\n"), text.text)
        XCTAssertTrue(text.text.contains("--- a/logging/dev-ruler-allow-alert-egress\n+++ /dev/null\n"), text.text)
        let flows = try get(stack + "/revisions/1/restore?view=flows")
        XCTAssertFalse((flows.json?["flows"] as? [Any] ?? []).isEmpty, "\(flows)")
        let head = try client.request("HEAD", stack + "/revisions/1/restore")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.body, [])
        XCTAssertEqual(try get(stack + "/revisions/2/restore").json?["wouldCreateRevision"] as? Bool, false)

        XCTAssertEqual(try revisionNumbers(), [2, 1], "the dry run stored nothing")
        XCTAssertEqual(try get(stack).header("ETag"), etag, "the dry run stored nothing")
        XCTAssertEqual(try metric("lokinetpol_restores_total"), "0")

        // After deletion: from the empty set, a revision would be created.
        assertStatus(try client.request("DELETE", stack), 204)
        let deleted = try get(stack + "/revisions/2/restore")
        assertStatus(deleted, 200)
        XCTAssertEqual(deleted.json?["from"] as? Int, 0)
        XCTAssertEqual(deleted.json?["wouldCreateRevision"] as? Bool, true)
        assertStatus(try get(stack), 404, "the dry run did not bring the stack back")
    }

    func testStoredClusterContextIsUsedAndQueryParametersOverrideIt() throws {
        assertStatus(try put(stack + "?gateway=false", json: Inputs.envelope()), 201)
        assertStatus(try put(stack, json: Inputs.envelope(ruler: true)), 200)

        let restored = try restore(1)
        assertStatus(restored, 200)
        let cluster = (restored.json?["inputs"] as? [String: Any])?["cluster"] as? [String: Any]
        XCTAssertEqual(cluster?["gateway"] as? Bool, false, "revision 1's cluster context, as it was stored")
        XCTAssertEqual(try policies(ofRevision: 3), try policies(ofRevision: 1))

        let overridden = try restore(1, query: "?gateway=true&alertmanager.userWorkload=true")
        assertStatus(overridden, 200)
        let merged = (overridden.json?["inputs"] as? [String: Any])?["cluster"] as? [String: Any]
        XCTAssertEqual(merged?["gateway"] as? Bool, true)
        XCTAssertEqual((merged?["alertmanager"] as? [String: Any])?["userWorkload"] as? Bool, true)
        XCTAssertEqual(merged?["platform"] as? String, "openshift", "the rest of the stored context stays")
        XCTAssertEqual(try get(stack + "/revisions/4").json?["restoredFrom"] as? Int, 1)

        let bad = try restore(1, query: "?platform=mainframe")
        assertStatus(bad, 422)
        XCTAssertEqual(pointers(bad), ["/cluster/platform"])
        XCTAssertEqual(try revisionNumbers(), [4, 3, 2, 1])
    }

    /// A revision whose stored inputs today's rules refuse (written straight into the database,
    /// as an older version could have stored it): 422 naming the field, nothing stored.
    func testStoredInputsThatNoLongerValidateAre422() async throws {
        XCTAssertEqual(server.terminate(), 0)
        let outdated = Inputs.envelope(mode: "bogus")
        do {
            let store: any StackStore =
                try postgres.map { try PostgresStackStore(url: $0.url) }
                ?? SQLiteStackStore(path: server.databasePath, readers: 1)
            defer { store.close() }
            let write = StackWrite(
                namespace: "logging", name: "dev", inputsJSON: Array(outdated.utf8), digest: "sha256:old",
                policiesJSON: Array(#"{"apiVersion":"v1","items":[],"kind":"List"}"#.utf8), enabled: false,
                reason: "disabled", warningsJSON: Array("[]".utf8), generatorVersion: "0.0.1", author: "old",
                changeSummary: "created: policies disabled", summaryBasis: .absent)
            let outcome = try await store.upsert(write)
            guard case .written = outcome else { return XCTFail("\(outcome)") }
        }
        try server.start()
        client.close()
        client = server.client()
        let b = try put(stack, json: Inputs.envelope())
        assertStatus(b, 200)
        let etag = try XCTUnwrap(b.header("ETag"))

        for response in [try restore(1), try get(stack + "/revisions/1/restore")] {
            assertStatus(response, 422)
            XCTAssertEqual(pointers(response), ["/lokistack/spec/tenants/mode"])
            XCTAssertTrue((response.json?["detail"] as? String ?? "").contains("revision 1"), "\(response)")
        }
        XCTAssertEqual(try revisionNumbers(), [2, 1], "nothing stored")
        XCTAssertEqual(try get(stack).header("ETag"), etag)
        assertStatus(try restore(1, headers: [("If-Match", "\"stale\"")]), 412, "preconditions come first")
    }
}
