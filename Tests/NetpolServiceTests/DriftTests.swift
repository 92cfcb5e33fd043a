import Foundation
import XCTest
import HTTPTestSupport

/// `POST …/drift` (issue 12) with what `kubectl get -o yaml` prints.
final class DriftTests: ServiceTestCase {
    /// The PolicyCore drift fixtures (the stack and what kubectl prints once it is applied).
    private func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PolicyCoreTests/Fixtures/drift/\(name).yaml")
        return try String(contentsOf: url, encoding: .utf8)
    }

    private func drift(_ path: String, _ body: String) throws -> HTTPTestResponse {
        try client.request("POST", path, headers: [("Content-Type", "application/yaml")], text: body)
    }

    func testNoDriftForTheAppliedSetThenDrift() throws {
        let stack = Inputs.stackPath("lokistack-dev")
        let created = try client.request(
            "PUT", stack, headers: [("Content-Type", "application/yaml")], text: try fixture("input"))
        assertStatus(created, 201)
        let live = try fixture("live")

        let same = try drift(stack + "/drift", live)
        assertStatus(same, 200)
        XCTAssertEqual(same.text, #"{"changed":[],"extra":[],"flows":[],"missing":[],"revision":1}"#)

        let all = try drift(stack + "/drift?all=true&revision=1", live)
        assertStatus(all, 200)
        XCTAssertEqual(all.json?["extra"] as? [NSDictionary], [["name": "allow-same-namespace", "managed": false]])

        let edited = live.replacingOccurrences(of: "- port: 9093\n", with: "- port: 9094\n")
        XCTAssertNotEqual(edited, live)
        let changed = try drift(stack + "/drift", edited)
        assertStatus(changed, 200)
        let names = (changed.json?["changed"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
        XCTAssertEqual(names, ["custom-alertmanager-egress"])
    }

    func testBadRequests() throws {
        let stack = Inputs.stackPath("lokistack-dev")
        assertProblem(try drift(stack + "/drift", try fixture("live")), 404)
        assertStatus(try client.request(
            "PUT", stack, headers: [("Content-Type", "application/yaml")], text: try fixture("input")), 201)
        assertProblem(try drift(stack + "/drift?revision=7", try fixture("live")), 404)
        assertProblem(try drift(stack + "/drift?all=maybe", try fixture("live")), 400)
        assertProblem(try drift(stack + "/drift", "kind: List\nitems: [{kind: NetworkPolicy}]\n"), 422)
        assertProblem(try drift(stack + "/drift", "{ [ unclosed"), 400)
        let nullItems = try client.request(
            "POST", stack + "/drift", headers: [("Content-Type", "application/json")], text: #"{"kind":"List","items":null}"#)
        assertProblem(nullItems, 422)
        XCTAssertEqual(pointers(nullItems), ["/items"])
        let badVersion = try client.request(
            "POST", stack + "/drift", headers: [("Content-Type", "application/json")],
            text: #"{"apiVersion":{},"kind":"List","items":[],"metadata":7}"#)
        XCTAssertEqual(pointers(badVersion), ["/apiVersion", "/metadata"])
        for empty in ["null", ""] {
            let response = try client.request(
                "POST", stack + "/drift", headers: [("Content-Type", "application/json")], text: empty)
            XCTAssertTrue([400, 422].contains(response.status), "\(empty): \(response.status)")
        }
        let text = try client.request("POST", stack + "/drift", headers: [("Content-Type", "text/plain")], text: "x")
        assertProblem(text, 415)
    }

    /// `lokinetpol drift LIVE EXPECTED`: exit 0 no drift, 1 drift, 2 error.
    func testCLIExitStatus() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.yaml")
        let live = directory.appendingPathComponent("live.yaml")
        let edited = directory.appendingPathComponent("edited.yaml")
        let bad = directory.appendingPathComponent("bad.yaml")
        try Data(try fixture("input").utf8).write(to: input)
        try Data(try fixture("live").utf8).write(to: live)
        try Data(try fixture("live").replacingOccurrences(of: "- port: 9093\n", with: "- port: 9094\n").utf8).write(to: edited)
        try Data("kind: List\nitems: [{kind: NetworkPolicy}]\n".utf8).write(to: bad)
        func run(_ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ServerProcess.binaryPath)
            process.arguments = ["drift"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        XCTAssertEqual(try run([live.path, input.path]), 0)
        XCTAssertEqual(try run([edited.path, input.path]), 1)
        XCTAssertEqual(try run(["--all", live.path, input.path]), 1, "the unrelated policy is extra")
        XCTAssertEqual(try run([bad.path, input.path]), 2)
    }
}
