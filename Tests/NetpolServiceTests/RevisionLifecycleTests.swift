import Foundation
import XCTest

/// The whole revision life cycle over real HTTP against the real binary: create, idempotent
/// re-PUT, inputs-only change, policy change, history, diffs, plan, flows, delete, history
/// after deletion, re-creation.
class RevisionLifecycleTests: ServiceTestCase {
    let stack = Inputs.stackPath()
    /// RFC 3339 UTC with milliseconds and `Z`.
    func assertTimestamp(_ value: Any?, file: StaticString = #filePath, line: UInt = #line) {
        let text = value as? String ?? ""
        let pattern = #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#
        XCTAssertNotNil(text.range(of: pattern, options: .regularExpression), text, file: file, line: line)
    }

    func testLifeCycle() throws {
        // 1. Create: 201, Location, ETag, first revision.
        let created = try put(stack, json: Inputs.envelope())
        assertStatus(created, 201)
        XCTAssertEqual(created.header("Location"), stack)
        let etag1 = try XCTUnwrap(created.header("ETag"))
        XCTAssertTrue(etag1.hasPrefix("\"") && etag1.hasSuffix("\""), etag1)
        let body1 = try XCTUnwrap(created.json)
        XCTAssertEqual(body1["revisionCreated"] as? Bool, true)
        XCTAssertEqual((body1["warnings"] as? [Any])?.count, 0)
        XCTAssertEqual(body1["namespace"] as? String, "logging")
        XCTAssertEqual(body1["name"] as? String, "dev")
        let current1 = try XCTUnwrap(body1["currentRevision"] as? [String: Any])
        XCTAssertEqual(current1["number"] as? Int, 1)
        XCTAssertEqual(current1["author"] as? String, "anonymous")
        XCTAssertEqual(current1["enabled"] as? Bool, true)
        XCTAssertEqual(current1["reason"] as? String, "enabled explicitly")
        XCTAssertTrue((current1["changeSummary"] as? String ?? "").hasPrefix("created: "), "\(current1)")
        XCTAssertTrue((current1["digest"] as? String ?? "").hasPrefix("sha256:"))
        assertTimestamp(current1["createdAt"])
        assertTimestamp(body1["createdAt"])
        assertTimestamp(body1["updatedAt"])
        let digestA = try XCTUnwrap(current1["digest"] as? String)

        // 2. The same spec again: 200, no revision, same ETag.
        let again = try put(stack, json: Inputs.envelope())
        assertStatus(again, 200)
        XCTAssertNil(again.header("Location"))
        XCTAssertEqual(again.json?["revisionCreated"] as? Bool, false)
        XCTAssertEqual(again.header("ETag"), etag1)
        XCTAssertEqual((again.json?["currentRevision"] as? [String: Any])?["number"] as? Int, 1)

        // 3. An inputs-only change (size): 200, no revision, new ETag, inputs updated.
        let resized = try put(stack, json: Inputs.envelope(size: "1x.medium"))
        assertStatus(resized, 200)
        XCTAssertEqual(resized.json?["revisionCreated"] as? Bool, false)
        let etag2 = try XCTUnwrap(resized.header("ETag"))
        XCTAssertNotEqual(etag2, etag1)
        let resizedSpec = ((resized.json?["inputs"] as? [String: Any])?["lokistack"] as? [String: Any])?["spec"]
        XCTAssertEqual((resizedSpec as? [String: Any])?["size"] as? String, "1x.medium")

        // 4. A policy change (ruler on): a second revision with a change summary.
        let changed = try put(stack, json: Inputs.envelope(ruler: true, size: "1x.medium"))
        assertStatus(changed, 200)
        XCTAssertEqual(changed.json?["revisionCreated"] as? Bool, true)
        let current2 = try XCTUnwrap(changed.json?["currentRevision"] as? [String: Any])
        XCTAssertEqual(current2["number"] as? Int, 2)
        XCTAssertTrue((current2["changeSummary"] as? String ?? "").contains("added ruler-allow-alert-egress"), "\(current2)")
        let digestB = try XCTUnwrap(current2["digest"] as? String)
        XCTAssertNotEqual(digestA, digestB)
        let etag3 = try XCTUnwrap(changed.header("ETag"))

        // 5. The stack.
        let stackResponse = try get(stack)
        assertStatus(stackResponse, 200)
        XCTAssertEqual(stackResponse.header("ETag"), etag3)
        XCTAssertEqual(stackResponse.mediaType, "application/json")
        XCTAssertNil(stackResponse.json?["revisionCreated"])
        XCTAssertNotNil(stackResponse.json?["inputs"])

        // 6. History, newest first, paginated.
        let history = try get(stack + "/revisions")
        assertStatus(history, 200)
        let items = try XCTUnwrap(history.json?["items"] as? [[String: Any]])
        XCTAssertEqual(items.compactMap { $0["number"] as? Int }, [2, 1])
        XCTAssertNil(items[0]["inputs"])
        XCTAssertNil(history.json?["nextCursor"])
        let page1 = try get(stack + "/revisions?limit=1")
        XCTAssertEqual((page1.json?["items"] as? [[String: Any]])?.compactMap { $0["number"] as? Int }, [2])
        let cursor = try XCTUnwrap(page1.json?["nextCursor"] as? String)
        let page2 = try get(stack + "/revisions?limit=1&cursor=" + percentEncoded(cursor))
        assertStatus(page2, 200)
        XCTAssertEqual((page2.json?["items"] as? [[String: Any]])?.compactMap { $0["number"] as? Int }, [1])
        XCTAssertNil(page2.json?["nextCursor"], "no empty last page")

        // 7. A revision keeps the inputs it was made from.
        let revision1 = try get(stack + "/revisions/1")
        assertStatus(revision1, 200)
        let inputs1 = try XCTUnwrap(revision1.json?["inputs"] as? [String: Any])
        XCTAssertEqual(
            ((inputs1["lokistack"] as? [String: Any])?["spec"] as? [String: Any])?["size"] as? String, "1x.small")
        XCTAssertNotNil(revision1.json?["generatorVersion"] as? String)
        XCTAssertNotNil(revision1.json?["warnings"] as? [Any])
        let revisionETag = try XCTUnwrap(revision1.header("ETag"))
        XCTAssertTrue(revisionETag.contains("1-"), revisionETag)

        // 8. Current policies: JSON with revision and digest, YAML, same strong ETag, Vary.
        let policiesJSON = try get(stack + "/policies")
        assertStatus(policiesJSON, 200)
        XCTAssertEqual(policiesJSON.json?["revision"] as? Int, 2)
        XCTAssertEqual(policiesJSON.json?["digest"] as? String, digestB)
        XCTAssertEqual(policiesJSON.header("ETag"), "\"\(digestB)\"")
        XCTAssertEqual(policiesJSON.header("Vary"), "Accept")
        let listed = (policiesJSON.json?["policies"] as? [String: Any])?["items"] as? [[String: Any]] ?? []
        XCTAssertTrue(listed.contains { ($0["metadata"] as? [String: Any])?["name"] as? String == "dev-ruler-allow-alert-egress" })
        let policiesYAML = try get(stack + "/policies", accept: "application/yaml")
        assertStatus(policiesYAML, 200)
        XCTAssertEqual(policiesYAML.mediaType, "application/yaml")
        XCTAssertTrue(policiesYAML.text.hasPrefix("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"))
        XCTAssertEqual(policiesYAML.header("ETag"), policiesJSON.header("ETag"))
        XCTAssertEqual(try get(stack + "/policies", accept: "text/yaml").mediaType, "text/yaml")
        let headPolicies = try client.request("HEAD", stack + "/policies")
        XCTAssertEqual(headPolicies.status, 200)
        XCTAssertEqual(headPolicies.header("Content-Length"), String(policiesJSON.body.count))
        XCTAssertEqual(try get(stack + "/revisions/1/policies").json?["digest"] as? String, digestA)

        // 9. Diffs: default previous → current, text, flows, 0 → 1, equal, unknown.
        let diff = try get(stack + "/diff")
        assertStatus(diff, 200)
        XCTAssertEqual(diff.json?["from"] as? Int, 1)
        XCTAssertEqual(diff.json?["to"] as? Int, 2)
        XCTAssertEqual(diff.json?["added"] as? [String], ["dev-ruler-allow-alert-egress"])
        XCTAssertEqual(diff.json?["removed"] as? [String], [])
        XCTAssertNil(diff.json?["flows"])
        let textDiff = try get(stack + "/diff", accept: "text/x-diff")
        assertStatus(textDiff, 200)
        XCTAssertEqual(textDiff.mediaType, "text/x-diff")
        XCTAssertTrue(textDiff.text.contains("--- /dev/null\n+++ b/logging/dev-ruler-allow-alert-egress\n"), textDiff.text)
        XCTAssertTrue(textDiff.text.contains("\n@@ -0,0 +1,"), textDiff.text)
        XCTAssertEqual(try get(stack + "/diff", accept: "text/plain").mediaType, "text/plain")
        let flowsDiff = try get(stack + "/diff?view=flows")
        let flowChanges = try XCTUnwrap(flowsDiff.json?["flows"] as? [[String: Any]])
        XCTAssertTrue(
            flowChanges.contains {
                $0["component"] as? String == "ruler" && $0["direction"] as? String == "egress"
                    && $0["class"] as? String == "alertManager"
            }, "\(flowChanges)")
        let fromZero = try get(stack + "/diff?from=0&to=1")
        let revision1Items = (try get(stack + "/revisions/1/policies").json?["policies"] as? [String: Any])?["items"]
        XCTAssertEqual((fromZero.json?["added"] as? [String])?.count, (revision1Items as? [Any])?.count)
        XCTAssertEqual((fromZero.json?["added"] as? [String])?.isEmpty, false)
        let same = try get(stack + "/diff?from=2&to=2")
        XCTAssertEqual(same.json?["added"] as? [String], [])
        XCTAssertEqual((same.json?["changed"] as? [Any])?.count, 0)
        XCTAssertEqual(try get(stack + "/diff?from=2&to=2", accept: "text/x-diff").body, [])
        assertStatus(try get(stack + "/diff?to=3"), 404)

        // 10. Plan stores nothing; wouldCreateRevision tells.
        let planBack = try client.request(
            "POST", stack + "/plan", headers: [("Content-Type", "application/json")], text: Inputs.envelope())
        assertStatus(planBack, 200)
        XCTAssertEqual(planBack.json?["wouldCreateRevision"] as? Bool, true)
        XCTAssertEqual(planBack.json?["removed"] as? [String], ["dev-ruler-allow-alert-egress"])
        XCTAssertEqual(planBack.json?["from"] as? Int, 2)
        XCTAssertEqual(planBack.json?["digest"] as? String, digestA)
        XCTAssertEqual(planBack.json?["enabled"] as? Bool, true)
        XCTAssertNotNil(planBack.json?["warnings"] as? [Any])
        let planSame = try client.request(
            "POST", stack + "/plan", headers: [("Content-Type", "application/json")],
            text: Inputs.envelope(ruler: true, size: "1x.medium"))
        XCTAssertEqual(planSame.json?["wouldCreateRevision"] as? Bool, false)
        let planText = try client.request(
            "POST", stack + "/plan", headers: [("Content-Type", "application/json"), ("Accept", "text/x-diff")],
            text: Inputs.envelope())
        XCTAssertEqual(planText.mediaType, "text/x-diff")
        XCTAssertTrue(planText.text.contains("+++ /dev/null"), planText.text)
        XCTAssertTrue(planText.text.contains("# wouldCreateRevision: true"), planText.text)
        XCTAssertEqual((try get(stack + "/revisions").json?["items"] as? [Any])?.count, 2, "plan stored nothing")

        // 11. Flows of the current revision.
        let flows = try get(stack + "/flows")
        assertStatus(flows, 200)
        XCTAssertEqual((flows.json?["ingress"] as? [Any])?.count, 8)
        XCTAssertEqual((flows.json?["egress"] as? [Any])?.count, 8)
        XCTAssertTrue(try get(stack + "/flows", accept: "text/markdown").text.contains("| distributor"))

        // 12. Delete: 204, again 404; current resources 404; history readable; out of the lists.
        XCTAssertTrue((try get("/v1/lokistacks").json?["items"] as? [[String: Any]])?.count == 1)
        assertStatus(try client.request("DELETE", stack), 204)
        assertStatus(try client.request("DELETE", stack), 404)
        assertStatus(try get(stack), 404)
        assertStatus(try get(stack + "/policies"), 404)
        assertStatus(try get(stack + "/flows"), 404)
        assertStatus(try get(stack + "/revisions"), 200)
        assertStatus(try get(stack + "/revisions/1"), 200)
        assertStatus(try get(stack + "/revisions/2/policies"), 200)
        XCTAssertEqual(try get(stack + "/diff").json?["to"] as? Int, 2)
        XCTAssertEqual((try get("/v1/lokistacks").json?["items"] as? [Any])?.count, 0)
        XCTAssertEqual((try get("/v1/namespaces/logging/lokistacks").json?["items"] as? [Any])?.count, 0)
        let planDeleted = try client.request(
            "POST", stack + "/plan", headers: [("Content-Type", "application/json")], text: Inputs.envelope())
        XCTAssertEqual(planDeleted.json?["from"] as? Int, 0)
        XCTAssertEqual(planDeleted.json?["wouldCreateRevision"] as? Bool, true)

        // 13. Re-create: 201, numbering continues, `recreated:`.
        let recreated = try put(stack, json: Inputs.envelope())
        assertStatus(recreated, 201)
        XCTAssertEqual(recreated.header("Location"), stack)
        let current3 = try XCTUnwrap(recreated.json?["currentRevision"] as? [String: Any])
        XCTAssertEqual(current3["number"] as? Int, 3)
        XCTAssertTrue((current3["changeSummary"] as? String ?? "").hasPrefix("recreated: "), "\(current3)")

        // 14. A → B → A: revisions 1 and 3 share the digest, not the tag.
        let revision3 = try get(stack + "/revisions/3")
        XCTAssertEqual(revision3.json?["digest"] as? String, digestA)
        XCTAssertNotEqual(revision3.header("ETag"), revisionETag)
        XCTAssertEqual(
            (try get(stack + "/revisions").json?["items"] as? [[String: Any]])?.compactMap { $0["number"] as? Int },
            [3, 2, 1])
    }

    func testStackListsArePaginatedByNamespaceAndName() throws {
        let names = [("b", "two"), ("a", "one"), ("a", "three"), ("c", "zero")]
        for (namespace, name) in names {
            assertStatus(try put(Inputs.stackPath(name, namespace: namespace), json: Inputs.envelope(name: name, namespace: namespace)), 201)
        }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let query = "/v1/lokistacks?limit=3" + (cursor.map { "&cursor=" + percentEncoded($0) } ?? "")
            let page = try get(query)
            assertStatus(page, 200)
            let items = try XCTUnwrap(page.json?["items"] as? [[String: Any]])
            XCTAssertFalse(items.isEmpty)
            for item in items {
                seen.append("\(item["namespace"] as? String ?? "")/\(item["name"] as? String ?? "")")
                XCTAssertNil(item["inputs"])
            }
            cursor = page.json?["nextCursor"] as? String
        } while cursor != nil
        XCTAssertEqual(seen, ["a/one", "a/three", "b/two", "c/zero"])
        let namespaceA = try get("/v1/namespaces/a/lokistacks")
        XCTAssertEqual((namespaceA.json?["items"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["one", "three"])
    }

    func testPathFillsMissingMetadataAndDisabledPoliciesAreAnEmptyYAML() throws {
        let body = Inputs.envelope(name: "filled", namespace: "ns1", includeNamespace: false, includeName: false)
            .replacingOccurrences(of: #""networkPolicies":{"disabled":false}"#, with: #""networkPolicies":{"disabled":true}"#)
        let created = try put(Inputs.stackPath("filled", namespace: "ns1"), json: body)
        assertStatus(created, 201)
        let metadata = ((created.json?["inputs"] as? [String: Any])?["lokistack"] as? [String: Any])?["metadata"]
        XCTAssertEqual((metadata as? [String: Any])?["name"] as? String, "filled")
        XCTAssertEqual((metadata as? [String: Any])?["namespace"] as? String, "ns1")
        let current = created.json?["currentRevision"] as? [String: Any]
        XCTAssertEqual(current?["enabled"] as? Bool, false)
        XCTAssertEqual(current?["changeSummary"] as? String, "created: policies disabled")
        let yaml = try get(Inputs.stackPath("filled", namespace: "ns1") + "/policies", accept: "application/yaml")
        assertStatus(yaml, 200)
        XCTAssertEqual(yaml.body, [])
        XCTAssertEqual(yaml.header("Content-Length"), "0")
    }

    func testRenderAndFlowsAreStateless() throws {
        let render = try client.request(
            "POST", "/v1/render", headers: [("Content-Type", "application/json")], text: Inputs.envelope())
        assertStatus(render, 200)
        XCTAssertEqual(Set(render.json?.keys.map { $0 } ?? []), ["digest", "enabled", "policies", "reason", "warnings"])
        let yaml = try client.request(
            "POST", "/v1/render", headers: [("Content-Type", "application/json"), ("Accept", "application/x-yaml")],
            text: Inputs.envelope())
        XCTAssertEqual(yaml.mediaType, "application/x-yaml")
        XCTAssertTrue(yaml.text.hasPrefix("---\n"))
        let flows = try client.request(
            "POST", "/v1/flows?platform=kubernetes", headers: [("Content-Type", "application/json")],
            text: Inputs.envelope())
        assertStatus(flows, 200)
        XCTAssertEqual(flows.json?["enabled"] as? Bool, true)
        XCTAssertEqual((try get("/v1/lokistacks").json?["items"] as? [Any])?.count, 0, "nothing stored")
    }

    func testClusterQueryParametersAreStoredMerged() throws {
        let created = try put(Inputs.stackPath() + "?gateway=false&alertmanager.userWorkload=true", json: Inputs.envelope())
        assertStatus(created, 201)
        let cluster = (created.json?["inputs"] as? [String: Any])?["cluster"] as? [String: Any]
        XCTAssertEqual(cluster?["gateway"] as? Bool, false)
        XCTAssertEqual((cluster?["alertmanager"] as? [String: Any])?["userWorkload"] as? Bool, true)
        XCTAssertEqual(cluster?["platform"] as? String, "openshift")
        let policies = try get(Inputs.stackPath() + "/policies")
        let names = ((policies.json?["policies"] as? [String: Any])?["items"] as? [[String: Any]] ?? []).compactMap {
            ($0["metadata"] as? [String: Any])?["name"] as? String
        }
        XCTAssertFalse(names.contains("dev-gateway-allow"), "\(names)")
    }

    private func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
