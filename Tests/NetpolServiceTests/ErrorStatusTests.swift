import XCTest

/// Every error status the service answers, each as problem+json, and never a 500 for bad input.
class ErrorStatusTests: ServiceTestCase {
    struct Case {
        var name: String
        var method: String
        var target: String
        var headers: [(String, String)] = []
        var body: String? = nil
        var status: Int
        /// Expected `errors[].pointer`s (422) — in this order.
        var pointers: [String]? = nil
    }

    func testErrorStatusesAreProblemDetails() throws {
        let stack = Inputs.stackPath()
        assertStatus(try put(stack, json: Inputs.envelope()), 201)
        let json = [("Content-Type", "application/json")]
        let cases: [Case] = [
            // 400
            Case(name: "limit 0", method: "GET", target: "/v1/lokistacks?limit=0", status: 400),
            Case(name: "limit 501", method: "GET", target: stack + "/revisions?limit=501", status: 400),
            Case(name: "limit not a number", method: "GET", target: "/v1/lokistacks?limit=ten", status: 400),
            Case(name: "bad cursor", method: "GET", target: stack + "/revisions?cursor=garbage", status: 400),
            Case(name: "bad list cursor", method: "GET", target: "/v1/lokistacks?cursor=%21%21", status: 400),
            Case(name: "from not a number", method: "GET", target: stack + "/diff?from=x", status: 400),
            Case(name: "negative to", method: "GET", target: stack + "/diff?to=-1", status: 400),
            Case(name: "unknown view", method: "GET", target: stack + "/diff?view=table", status: 400),
            Case(name: "bad query escape", method: "GET", target: "/v1/lokistacks?limit=%zz", status: 400),
            Case(name: "unparseable JSON", method: "POST", target: "/v1/render", headers: json, body: "{\"lokistack\":", status: 400),
            Case(
                name: "unparseable YAML", method: "POST", target: "/v1/render",
                headers: [("Content-Type", "application/yaml")], body: "lokistack: [unclosed", status: 400),
            // 404
            Case(name: "unknown route", method: "GET", target: "/v2/nothing", status: 404),
            Case(name: "trailing slash", method: "GET", target: stack + "/", status: 404),
            Case(name: "unknown stack", method: "GET", target: Inputs.stackPath("nope"), status: 404),
            Case(name: "unknown stack policies", method: "GET", target: Inputs.stackPath("nope") + "/policies", status: 404),
            Case(name: "unknown stack history", method: "GET", target: Inputs.stackPath("nope") + "/revisions", status: 404),
            Case(name: "unknown stack diff", method: "GET", target: Inputs.stackPath("nope") + "/diff", status: 404),
            Case(name: "invalid namespace", method: "GET", target: "/v1/namespaces/Bad_NS/lokistacks", status: 404),
            Case(name: "unknown revision", method: "GET", target: stack + "/revisions/9", status: 404),
            Case(name: "revision 0", method: "GET", target: stack + "/revisions/0", status: 404),
            Case(name: "revision not a number", method: "GET", target: stack + "/revisions/one", status: 404),
            Case(name: "diff beyond latest", method: "GET", target: stack + "/diff?from=0&to=2", status: 404),
            // 405
            Case(name: "POST a stack", method: "POST", target: stack, headers: json, body: "{}", status: 405),
            Case(name: "DELETE render", method: "DELETE", target: "/v1/render", status: 405),
            // 406
            Case(name: "YAML stack", method: "GET", target: stack, headers: [("Accept", "application/yaml")], status: 406),
            Case(name: "HTML policies", method: "GET", target: stack + "/policies", headers: [("Accept", "text/html")], status: 406),
            Case(
                name: "q=0 JSON only", method: "GET", target: "/v1/lokistacks",
                headers: [("Accept", "application/json;q=0, text/*")], status: 406),
            Case(
                name: "YAML PUT answer", method: "PUT", target: stack, headers: json + [("Accept", "text/yaml")],
                body: Inputs.envelope(), status: 406),
            // 415
            Case(name: "no Content-Type", method: "POST", target: "/v1/render", body: Inputs.envelope(), status: 415),
            Case(
                name: "text/plain body", method: "PUT", target: stack, headers: [("Content-Type", "text/plain")],
                body: Inputs.envelope(), status: 415),
            // 422
            Case(name: "empty body", method: "POST", target: "/v1/render", headers: json, body: "", status: 422, pointers: ["/lokistack"]),
            Case(name: "no body at all", method: "PUT", target: stack, status: 422, pointers: ["/lokistack"]),
            Case(
                name: "name mismatch", method: "PUT", target: Inputs.stackPath("other"), headers: json,
                body: Inputs.envelope(name: "dev"), status: 422, pointers: ["/lokistack/metadata/name"]),
            Case(
                name: "namespace mismatch", method: "PUT", target: Inputs.stackPath("dev", namespace: "elsewhere"),
                headers: json, body: Inputs.envelope(), status: 422, pointers: ["/lokistack/metadata/namespace"]),
            Case(
                name: "invalid mode", method: "POST", target: stack + "/plan", headers: json,
                body: Inputs.envelope(mode: "bogus"), status: 422, pointers: ["/lokistack/spec/tenants/mode"]),
            Case(
                name: "bad platform parameter", method: "POST", target: "/v1/render?platform=windows", headers: json,
                body: Inputs.envelope(), status: 422, pointers: ["/cluster/platform"]),
            Case(
                name: "bad boolean parameter", method: "PUT", target: stack + "?alertmanager.clusterMonitoring=yes",
                headers: json, body: Inputs.envelope(), status: 422, pointers: ["/cluster/alertmanager/clusterMonitoring"]),
            Case(
                name: "JSON scalar body", method: "POST", target: "/v1/flows", headers: json, body: "42", status: 422),
            // 413
            Case(
                name: "body over 1 MiB", method: "POST", target: "/v1/render", headers: json,
                body: String(repeating: " ", count: (1 << 20) + 1), status: 413),
        ]
        for testCase in cases {
            let client = server.client()
            defer { client.close() }
            let response = try client.request(
                testCase.method, testCase.target, headers: testCase.headers, body: testCase.body.map { Array($0.utf8) })
            assertStatus(response, testCase.status, testCase.name)
            if let expected = testCase.pointers {
                XCTAssertEqual(pointers(response), expected, testCase.name)
            }
            if testCase.status == 405 {
                XCTAssertNotNil(response.header("Allow"), testCase.name)
            }
        }
        XCTAssertEqual(try get(stack + "/revisions").json.flatMap { ($0["items"] as? [Any])?.count }, 1, "nothing written")
    }

    func testProtocolLimitsAnswerProblemDetails() throws {
        let longTarget = "/v1/lokistacks?x=" + String(repeating: "a", count: 9000)
        assertStatus(try client.request("GET", longTarget), 414)
        let bigHeader = [("X-Filler", String(repeating: "b", count: 17000))]
        assertStatus(try server.client().request("GET", "/healthz", headers: bigHeader), 431)
        // The server keeps serving.
        assertStatus(try server.client().request("GET", "/healthz"), 200)
    }

    func testMethodNotAllowedListsAllowedMethods() throws {
        let response = try client.request("PATCH", Inputs.stackPath())
        assertStatus(response, 405)
        let allowed = Set((response.header("Allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        XCTAssertEqual(allowed, ["DELETE", "GET", "HEAD", "PUT"])
    }
}
