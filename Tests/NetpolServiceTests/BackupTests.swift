import CSQLite
import Foundation
import XCTest
import HTTPTestSupport

/// `lokinetpol backup`: the real binary copies the database of a real server while it takes PUTs.
final class BackupTests: ServiceTestCase {
    /// Runs `lokinetpol arguments…`; returns the exit status and standard error.
    private func lokinetpol(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binaryPath)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LOKINETPOL_") }
        let out = server.directory.appendingPathComponent("backup-\(UUID().uuidString).out")
        let err = server.directory.appendingPathComponent("backup-\(UUID().uuidString).err")
        for url in [out, err] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let stdout = try FileHandle(forWritingTo: out)
        let stderr = try FileHandle(forWritingTo: err)
        defer { for handle in [stdout, stderr] { try? handle.close() } }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: try Data(contentsOf: out), as: UTF8.self),
            String(decoding: try Data(contentsOf: err), as: UTF8.self)
        )
    }

    private static func envelope(_ stack: String, port: Int) -> String {
        Inputs.envelope(name: stack, endpoint: "https://s3.example.com:\(port)")
    }

    func testBackupWhileServingHoldsEveryRevisionAcknowledgedBeforeItBegan() throws {
        let stacks = ["alpha", "beta", "gamma"]
        let acknowledged = Locked<[(stack: String, number: Int, digest: String)]>([])
        let stop = Locked(false)
        let writerFailure = Locked<String?>(nil)
        let port = server.port
        let writer = Thread {
            let client = HTTPTestClient(port: port)
            defer { client.close() }
            var index = 0
            while !stop.value {
                let stack = stacks[index % stacks.count]
                index += 1
                do {
                    let response = try client.request(
                        "PUT", Inputs.stackPath(stack), headers: [("Content-Type", "application/json")],
                        text: Self.envelope(stack, port: 10_000 + index))
                    guard response.status == 200 || response.status == 201,
                        let current = response.json?["currentRevision"] as? [String: Any],
                        let number = current["number"] as? Int, let digest = current["digest"] as? String
                    else {
                        writerFailure.value = "\(response)"
                        return
                    }
                    acknowledged.mutate { $0.append((stack, number, digest)) }
                } catch {
                    writerFailure.value = "\(error)"
                    return
                }
            }
        }
        writer.start()
        defer { stop.value = true }
        // Some history first, then the backup while the writer keeps going.
        while acknowledged.value.count < 30 && writerFailure.value == nil { usleep(10_000) }
        let before = acknowledged.value
        let backup = server.directory.appendingPathComponent("backup.db").path
        let run = try lokinetpol(["backup", "--db", server.databasePath, "--to", backup])
        let writtenDuringBackup = acknowledged.value.count - before.count
        stop.value = true
        while !writer.isFinished { usleep(10_000) }
        XCTAssertNil(writerFailure.value)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("backed up"), run.stdout)
        print("backup: \(before.count) revisions acknowledged before, \(writtenDuringBackup) during the backup")

        var status = stat()
        XCTAssertEqual(stat(backup, &status), 0)
        XCTAssertEqual(status.st_mode & 0o777, 0o600, "backup file mode")
        XCTAssertFalse(
            try FileManager.default.contentsOfDirectory(atPath: server.directory.path).contains { $0.contains(".partial-") })
        XCTAssertEqual(try integrityCheck(backup), "ok")

        // A server on the backup serves every revision acknowledged before the backup began,
        // and its history is gapless.
        let restored = try ServerProcess(database: backup)
        defer { restored.cleanUp() }
        let client = restored.client()
        defer { client.close() }
        for revision in before {
            let response = try client.request("GET", Inputs.stackPath(revision.stack) + "/revisions/\(revision.number)")
            XCTAssertEqual(response.status, 200, "\(revision.stack) revision \(revision.number): \(response)")
            XCTAssertEqual(response.json?["digest"] as? String, revision.digest, "\(revision.stack) \(revision.number)")
        }
        for stack in stacks {
            let page = try client.request("GET", Inputs.stackPath(stack) + "/revisions?limit=500")
            let numbers = (page.json?["items"] as? [[String: Any]] ?? []).compactMap { $0["number"] as? Int }
            XCTAssertEqual(numbers, Array((1...max(1, numbers.count)).reversed()), stack)
        }
    }

    func testBackupRefusesToOverwriteWithoutForce() throws {
        try put(Inputs.stackPath(), json: Inputs.envelope())
        let backup = server.directory.appendingPathComponent("existing.db").path
        XCTAssertTrue(FileManager.default.createFile(atPath: backup, contents: Data("keep me".utf8)))

        let refused = try lokinetpol(["backup", "--db", server.databasePath, "--to", backup])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--force"), refused.stderr)
        XCTAssertEqual(FileManager.default.contents(atPath: backup), Data("keep me".utf8))

        let forced = try lokinetpol(["backup", "--db", "sqlite:" + server.databasePath, "--to", backup, "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try integrityCheck(backup), "ok")
        var status = stat()
        XCTAssertEqual(stat(backup, &status), 0)
        XCTAssertEqual(status.st_mode & 0o777, 0o600, "a replaced file is 0600 too")

        let missing = try lokinetpol([
            "backup", "--db", server.directory.appendingPathComponent("missing.db").path,
            "--to", server.directory.appendingPathComponent("never.db").path,
        ])
        XCTAssertEqual(missing.status, 1, missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: server.directory.appendingPathComponent("never.db").path))
    }

    func testBackupOfPostgresPointsToPgDumpWithoutShowingThePassword() throws {
        let run = try lokinetpol([
            "backup", "--db", "postgres://netpol:hunter2secret@db.example:5432/lokinetpol", "--to", "x.dump",
        ])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("pg_dump"), run.stderr)
        XCTAssertFalse(run.stderr.contains("hunter2secret") || run.stdout.contains("hunter2secret"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "x.dump"))
    }

    /// `PRAGMA integrity_check` of `path` through the SQLite C API.
    private func integrityCheck(_ path: String) throws -> String {
        // The store's process settings first, as it applies them (SQLite refuses them once
        // initialised, and the test process's later stores would run without them).
        _ = CSQLite_configureProcess()
        var database: OpaquePointer?
        defer { sqlite3_close(database) }
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            throw TestFailure("cannot open \(path)")
        }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, "PRAGMA integrity_check", -1, &statement, nil) == SQLITE_OK else {
            throw TestFailure("cannot prepare integrity_check: \(String(cString: sqlite3_errmsg(database)))")
        }
        defer { sqlite3_finalize(statement) }
        var lines: [String] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            if let text = sqlite3_column_text(statement, 0) { lines.append(String(cString: text)) }
        }
        return lines.joined(separator: "\n")
    }
}

/// A value shared with a writer thread (test helper).
private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
