import Foundation
import XCTest

/// End-to-end tests of the `lokinetpol` subcommands other than `serve`: the built binary is run
/// with arguments (and standard input), and its exit status, standard output and standard error
/// are checked against the documented behaviour (README, `--help` texts).
final class CLITests: XCTestCase {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private var directory: URL!

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: ServerProcess.binaryPath) else {
            throw XCTSkip("lokinetpol binary not found at \(ServerProcess.binaryPath): run `swift build` first")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lokinetpol-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// The package root (examples/, README.md).
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    private static let envelope = root.appendingPathComponent("examples/envelope.json").path
    private static let stream = root.appendingPathComponent("examples/stream.yaml").path

    /// Runs `lokinetpol arguments…`, feeding `input` on standard input, with `environment` as the
    /// only `LOKINETPOL_*` variables.
    private func run(_ arguments: [String], input: String = "", environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binaryPath)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LOKINETPOL_") }
            .merging(environment) { $1 }
        // Files, not pipes: no deadlock however much is written.
        let outURL = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errURL = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        let inURL = directory.appendingPathComponent("stdin-\(UUID().uuidString)")
        for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        try Data(input.utf8).write(to: inURL)
        let stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        let stdin = try FileHandle(forReadingFrom: inURL)
        defer { for handle in [stdout, stderr, stdin] { try? handle.close() } }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// A file in the test directory holding `text`.
    private func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// examples/envelope.json with `replace` applied.
    private func changedEnvelope(_ name: String, _ replace: (String, String)) throws -> String {
        let text = try String(contentsOfFile: Self.envelope, encoding: .utf8)
        XCTAssertTrue(text.contains(replace.0), "examples/envelope.json no longer holds \(replace.0)")
        return try file(name, text.replacingOccurrences(of: replace.0, with: replace.1))
    }

    /// An input with two errors: an unknown tenants mode and a bad Alertmanager endpoint port.
    private static let invalidInput = """
        {"lokistack":{"kind":"LokiStack","metadata":{"name":"s","namespace":"ns"},
          "spec":{"storage":{"secret":{"name":"x","type":"s3"}},"tenants":{"mode":"nonsense"},"rules":{"enabled":true}}},
         "rulerConfig":{"kind":"RulerConfig","spec":{"alertmanager":{"endpoints":["http://am:99999"]}}}}
        """
    private static let invalidPointers = ["/lokistack/spec/tenants/mode", "/rulerConfig/spec/alertmanager/endpoints/0"]

    // MARK: - flows

    /// The rows README.md shows for `lokinetpol flows -f examples/envelope.json`.
    private func documentedFlowRows() throws -> [String] {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "$ lokinetpol flows -f examples/envelope.json") else {
            XCTFail("README.md no longer documents `lokinetpol flows -f examples/envelope.json`")
            return []
        }
        let block = lines[(start + 1)...].prefix { !$0.hasPrefix("```") }
        return block.filter { !$0.isEmpty && $0 != "..." }
    }

    func testFlowsTextShowsTheDocumentedMatrix() throws {
        let result = try run(["flows", "-f", Self.envelope])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let rows = try documentedFlowRows()
        XCTAssertGreaterThanOrEqual(rows.count, 8, "README block found")
        let output = Set(result.stdout.components(separatedBy: "\n"))
        for row in rows { XCTAssertTrue(output.contains(row), "documented row missing: \(row)\n\(result.stdout)") }
        // Standard input gives the same output as the file.
        let piped = try run(["flows"], input: try String(contentsOfFile: Self.envelope, encoding: .utf8))
        XCTAssertEqual(piped.status, 0)
        XCTAssertEqual(piped.stdout, result.stdout)
    }

    func testFlowsJSONHasTheMatrixShapeAndAgreesWithText() throws {
        let result = try run(["flows", "-f", Self.envelope, "-o", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(document.keys), ["egress", "enabled", "ingress", "reason"])
        XCTAssertEqual(document["enabled"] as? Bool, true)
        XCTAssertEqual(document["reason"] as? String, "enabled by default on OpenShift 4.20 or later")
        let components = ["distributor", "ingester", "querier", "query-frontend", "ruler", "compactor", "index-gateway", "gateway"]
        let text = try run(["flows", "-f", Self.envelope]).stdout.components(separatedBy: "\n")
        let directions: [(key: String, cells: String, columns: [String], header: String)] = [
            ("ingress", "from", ["gateway", "components", "external", "monitoring", "otherNamespace"], "Ingress (incoming traffic)"),
            ("egress", "to", ["components", "objectStorage", "dns", "alertManager", "apiServer", "external"], "Egress (outgoing traffic)"),
        ]
        for direction in directions {
            let rows = try XCTUnwrap(document[direction.key] as? [[String: Any]], direction.key)
            XCTAssertEqual(rows.compactMap { $0["component"] as? String }, components, direction.key)
            let headerIndex = try XCTUnwrap(text.firstIndex(of: direction.header), direction.header)
            for (i, row) in rows.enumerated() {
                XCTAssertEqual(Set(row.keys), ["component", direction.cells])
                let cells = try XCTUnwrap(row[direction.cells] as? [String: [[String: Any]]], "\(direction.key) \(i)")
                XCTAssertEqual(Set(cells.keys), Set(direction.columns), "\(direction.key) \(components[i])")
                // The text row's ✅/❌ marks, in column order, match which JSON cells have ports.
                let textRow = text[headerIndex + 2 + i]
                let marks = textRow.unicodeScalars.filter { $0 == "✅" || $0 == "❌" }.map { $0 == "✅" }
                XCTAssertEqual(marks, direction.columns.map { !(cells[$0] ?? []).isEmpty }, textRow)
                for port in cells.values.joined() {
                    XCTAssertEqual(Set(port.keys), ["port", "protocol"])
                }
            }
        }
    }

    func testFlowsMarkdownGivesTheDocumentationTables() throws {
        let result = try run(["flows", "-f", Self.envelope, "-o", "markdown"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for line in [
            "### Ingress (Incoming Traffic)",
            "| Component | From Gateway | From Components | From External | From Monitoring | From Other Namespace |",
            "| distributor | ✅ 3100 | ✅ 3100, 3101, 7946, 9095 | ❌ | ✅ 3100 | ❌ |",
            "| gateway | ❌ | ❌ | ✅ 8080 | ✅ 8080, 8081, 8083 | ✅ 8080 |",
        ] {
            XCTAssertTrue(result.stdout.components(separatedBy: "\n").contains(line), "missing: \(line)\n\(result.stdout)")
        }
    }

    func testFlowsRejectsInvalidInputWithPointers() throws {
        let result = try run(["flows", "-f", try file("bad.json", Self.invalidInput)])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        for pointer in Self.invalidPointers { XCTAssertTrue(result.stderr.contains("\n\(pointer): ") || result.stderr.hasPrefix("\(pointer): "), result.stderr) }
    }

    // MARK: - diff

    func testDiffExitStatus() throws {
        let bad = try file("bad.json", Self.invalidInput)
        let changed = try changedEnvelope("changed.json", ("am-backup.example.com:9094", "am-backup.example.com:9096"))
        let cases: [(name: String, arguments: [String], status: Int32, stdoutEmpty: Bool)] = [
            ("same input", ["diff", Self.envelope, Self.envelope], 0, true),
            ("same policies, other form", ["diff", Self.envelope, Self.envelope, "-o", "json"], 0, false),
            ("different port", ["diff", Self.envelope, changed], 1, false),
            ("different stack", ["diff", Self.envelope, Self.stream], 1, false),
            ("different, semantic", ["diff", Self.envelope, changed, "-o", "semantic"], 1, false),
            ("bad new input", ["diff", Self.envelope, bad], 2, true),
            ("bad old input", ["diff", bad, Self.envelope], 2, true),
            ("missing file", ["diff", Self.envelope, directory.appendingPathComponent("absent.json").path], 2, true),
        ]
        for c in cases {
            let result = try run(c.arguments)
            XCTAssertEqual(result.status, c.status, "\(c.name): \(result.stderr)")
            XCTAssertEqual(result.stdout.isEmpty, c.stdoutEmpty, "\(c.name): \(result.stdout)")
        }
        // Rendered output compares equal to the input it came from.
        let rendered = try file("rendered.yaml", try run(["render", "-f", Self.envelope]).stdout)
        XCTAssertEqual(try run(["diff", Self.envelope, rendered]).status, 0)
    }

    func testDiffNamesTheFileAndPointerOfEachProblem() throws {
        let bad = try file("bad.json", Self.invalidInput)
        let result = try run(["diff", Self.envelope, bad])
        XCTAssertEqual(result.status, 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        for pointer in Self.invalidPointers {
            XCTAssertTrue(lines.contains { $0.hasPrefix("\(bad): \(pointer): ") }, "\(pointer) not reported: \(result.stderr)")
        }
        XCTAssertEqual(lines.last, "error: \(bad): rejected (2 problems)")
    }

    func testDiffJSONListsChangedFieldsByPointer() throws {
        let changed = try changedEnvelope("changed.json", ("am-backup.example.com:9094", "am-backup.example.com:9096"))
        let result = try run(["diff", Self.envelope, changed, "-o", "json"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(document.keys), ["added", "changed", "removed"])
        XCTAssertEqual(document["added"] as? [String], [])
        XCTAssertEqual(document["removed"] as? [String], [])
        let changes = try XCTUnwrap(document["changed"] as? [[String: Any]])
        XCTAssertEqual(changes.count, 1)
        XCTAssertEqual(changes.first?["name"] as? String, "lokistack-prod-ruler-allow-alert-egress")
        let fields = try XCTUnwrap(changes.first?["changes"] as? [[String: Any]])
        XCTAssertEqual(fields.count, 1)
        XCTAssertEqual(fields.first?["old"] as? Int, 9094)
        XCTAssertEqual(fields.first?["new"] as? Int, 9096)
        XCTAssertTrue((fields.first?["path"] as? String)?.hasPrefix("/spec/egress/") ?? false, "\(fields)")

        // Another stack: every policy is added or removed, none changed.
        let other = try run(["diff", Self.envelope, Self.stream, "-o", "json"])
        let otherDocument = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(other.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((otherDocument["changed"] as? [Any])?.count, 0)
        XCTAssertFalse((otherDocument["added"] as? [String])?.isEmpty ?? true)
        XCTAssertFalse((otherDocument["removed"] as? [String])?.isEmpty ?? true)
    }

    // MARK: - version and render

    func testVersionPrintsVersionAndSpecRevision() throws {
        let result = try run(["version"])
        XCTAssertEqual(result.status, 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, result.stdout)
        let version = lines.first?.split(separator: " ") ?? []
        XCTAssertEqual(version.first, "lokinetpol")
        XCTAssertEqual(version.last?.split(separator: ".").count, 3, "a semantic version: \(result.stdout)")
        XCTAssertTrue(lines.last?.hasPrefix("implements network-policies.md ") ?? false, result.stdout)
    }

    func testRenderRejectsInvalidInputWithPointerLines() throws {
        let result = try run(["render", "-o", "json"], input: Self.invalidInput)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3, result.stderr)
        XCTAssertEqual(lines.dropLast().compactMap { $0.components(separatedBy: ": ").first }, Self.invalidPointers)
        XCTAssertEqual(lines.last, "error: input rejected (2 problems)")
    }

    // MARK: - help and usage errors

    private static let subcommands = ["serve", "render", "flows", "diff", "drift", "version", "healthcheck", "token", "backup"]

    func testHelpOfTheProgramAndOfEverySubcommand() throws {
        let root = try run(["--help"])
        XCTAssertEqual(root.status, 0)
        XCTAssertEqual(root.stderr, "")
        XCTAssertEqual(try run([]).stdout, root.stdout, "no subcommand: the help")
        XCTAssertEqual(try run(["help"]).stdout, root.stdout)
        for subcommand in Self.subcommands {
            XCTAssertTrue(root.stdout.contains("\n  \(subcommand) "), "\(subcommand) not listed:\n\(root.stdout)")
            let help = try run([subcommand, "--help"])
            XCTAssertEqual(help.status, 0, subcommand)
            XCTAssertTrue(help.stdout.hasPrefix("OVERVIEW: "), help.stdout)
            XCTAssertTrue(help.stdout.contains("USAGE: lokinetpol \(subcommand)"), help.stdout)
            XCTAssertEqual(try run([subcommand, "-h"]).stdout, help.stdout, subcommand)
            XCTAssertEqual(try run(["help", subcommand]).stdout, help.stdout, subcommand)
        }
        let serve = try run(["serve", "--help"]).stdout
        for option in [
            "--listen <listen>", "--db <db>", "--db-pool-size <db-pool-size>", "--db-statement-timeout-ms",
            "--drain-seconds", "--tls-cert", "--tls-key", "--tls-client-ca", "--log-level", "--tokens",
            "--allowed-host <allowed-host> ...", "--trusted-proxies", "--metrics-public", "--allow-unauthenticated-remote",
            "LOKINETPOL_DB_STATEMENT_TIMEOUT_MS)", "default: 127.0.0.1:8080",
        ] {
            XCTAssertTrue(serve.contains(option), "serve --help lacks \(option)")
        }
        let render = try run(["render", "--help"]).stdout
        for option in ["-f, --file <file>", "-o, --output <output>", "values: yaml, json, list", "--gateway/--no-gateway", "--strict"] {
            XCTAssertTrue(render.contains(option), "render --help lacks \(option)")
        }
        XCTAssertTrue(try run(["help", "token", "new"]).stdout.contains("USAGE: lokinetpol token new [<options>] <name>"))
        XCTAssertTrue(try run(["token"]).stdout.contains("SUBCOMMANDS:\n  new "), "a group without its subcommand: its help")
    }

    func testUsageErrorsGoToStandardErrorNamingTheOptionWithStatus2() throws {
        let cases: [(arguments: [String], named: String)] = [
            (["render", "--bogus"], "'--bogus'"),
            (["render", "-o"], "'-o'"),
            (["render", "-o", "xml"], "'--output'"),
            (["render", "--strict=yes"], "'--strict'"),
            (["render", "--platform", "mars"], "'--platform'"),
            (["render", "--openshift-version", "four"], "--openshift-version"),
            (["serve", "--db-pool-size", "0"], "'--db-pool-size'"),
            (["healthcheck", "--timeout", "soon"], "'--timeout'"),
            (["backup"], "'--to'"),
            (["diff", "a.yaml"], "<new>"),
            (["drift", "-", "-"], "LIVE and EXPECTED"),
            (["token", "new", "ci", "--scopes", "root"], "--scopes"),
            (["bogus"], "'bogus'"),
            (["version", "extra"], "'extra'"),
        ]
        for c in cases {
            let result = try run(c.arguments)
            XCTAssertEqual(result.status, 2, "\(c.arguments): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", "\(c.arguments)")
            XCTAssertTrue(result.stderr.hasPrefix("Error: "), "\(c.arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(c.named), "\(c.arguments) does not name \(c.named): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("\nUsage: lokinetpol "), result.stderr)
        }
    }

    func testServeTakesEachSettingFromItsOptionElseItsEnvironmentVariable() throws {
        let fromEnvironment = try run(
            ["serve", "--listen", "127.0.0.1:0"], environment: ["LOKINETPOL_DB_POOL_SIZE": "many"])
        XCTAssertEqual(fromEnvironment.status, 2, fromEnvironment.stderr)
        XCTAssertTrue(fromEnvironment.stderr.contains("LOKINETPOL_DB_POOL_SIZE"), fromEnvironment.stderr)
        // The option wins: the variable is not read (the start fails later, on the lone --tls-cert).
        let optionWins = try run(
            ["serve", "--listen", "127.0.0.1:0", "--db-pool-size", "8", "--tls-cert", "cert.pem"],
            environment: ["LOKINETPOL_DB_POOL_SIZE": "many"])
        XCTAssertEqual(optionWins.status, 2, optionWins.stderr)
        XCTAssertFalse(optionWins.stderr.contains("LOKINETPOL_DB_POOL_SIZE"), optionWins.stderr)
        XCTAssertTrue(optionWins.stderr.contains("--tls-cert and --tls-key go together"), optionWins.stderr)
    }
}
