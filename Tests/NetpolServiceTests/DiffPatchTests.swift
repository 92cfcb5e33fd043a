import Foundation
import XCTest

/// The JSON diff of `GET …/diff`, `POST …/plan` and `lokinetpol diff -o json` is a patch
/// with lists aligned by content (api.md "Diff and plan"): one inserted rule is one change
/// holding the whole rule, the same from the service and the CLI.
class DiffPatchTests: ServiceTestCase {
    private var openShiftDNSRule: NSDictionary { [
        "ports": [["port": 5353, "protocol": "TCP"], ["port": 5353, "protocol": "UDP"]],
        "to": [[
            "namespaceSelector": ["matchLabels": ["kubernetes.io/metadata.name": "openshift-dns"]],
            "podSelector": ["matchLabels": ["dns.operator.openshift.io/daemonset-dns": "default"]],
        ]],
    ] }

    private static let openshift = Inputs.envelope(mode: "static")
    private static let kubernetes = openshift.replacingOccurrences(
        of: #""cluster":{"platform":"openshift","openshiftVersion":"4.20"}"#, with: #""cluster":{"platform":"kubernetes"}"#)

    private func changes(_ diff: [String: Any]?, _ policy: String) -> [NSDictionary]? {
        let changed = diff?["changed"] as? [[String: Any]]
        return changed?.first { $0["name"] as? String == policy }?["changes"] as? [NSDictionary]
    }

    func testOneInsertedRuleIsOneChangeFromServiceAndCLI() throws {
        XCTAssertNotEqual(Self.kubernetes, Self.openshift)
        let stack = Inputs.stackPath()
        assertStatus(try put(stack, json: Self.kubernetes), 201)
        assertStatus(try put(stack, json: Self.openshift), 200)

        let diff = try get(stack + "/diff")
        assertStatus(diff, 200)
        XCTAssertEqual(
            changes(diff.json, "dev-loki-allow"), [["path": "/spec/egress/1", "new": openShiftDNSRule]], diff.text)

        // Back to kubernetes: the plan removes the same rule.
        let plan = try client.request("POST", stack + "/plan", headers: [("Content-Type", "application/json")], text: Self.kubernetes)
        assertStatus(plan, 200)
        XCTAssertEqual(
            changes(plan.json, "dev-loki-allow"), [["path": "/spec/egress/1", "old": openShiftDNSRule]], plan.text)

        // The CLI gives the service's changes.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("diff-patch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = directory.appendingPathComponent("kubernetes.json")
        let new = directory.appendingPathComponent("openshift.json")
        try Data(Self.kubernetes.utf8).write(to: old)
        try Data(Self.openshift.utf8).write(to: new)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binaryPath)
        process.arguments = ["diff", old.path, new.path, "-o", "json"]
        let output = directory.appendingPathComponent("stdout")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        XCTAssertEqual(process.terminationStatus, 1)
        let cli = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any]
        XCTAssertEqual(cli?["changed"] as? NSArray, diff.json?["changed"] as? NSArray)
        XCTAssertNotEqual((cli?["changed"] as? NSArray)?.count ?? 0, 0)
    }
}
