import CSQLite
import Foundation
import XCTest
import HTTPTestSupport

/// `kill -9` while writers are creating revisions: after a restart every acknowledged
/// revision is there with its digest, numbering is gapless, and the file is intact.
final class CrashSafetyTests: ServiceTestCase {
    struct Ack: Hashable {
        var stack: String
        var number: Int
        var digest: String
    }

    final class AckLog: @unchecked Sendable {
        private let lock = NSLock()
        private var acks: Set<Ack> = []
        private var failures = 0
        func add(_ ack: Ack) { lock.withLock { _ = acks.insert(ack) } }
        func failed() { lock.withLock { failures += 1 } }
        var all: Set<Ack> { lock.withLock { acks } }
    }

    func testKillNineMidStreamLosesNoAcknowledgedRevision() throws {
        let stacks = ["crash-a", "crash-b"]
        let variants = [("openshift-logging", false), ("openshift-logging", true), ("openshift-network", false), ("openshift-network", true)]
        let log = AckLog()
        let port = server.port
        let writers = 4
        let group = DispatchGroup()
        for writer in 0..<writers {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let client = HTTPTestClient(port: port)
                defer { client.close() }
                let name = stacks[writer % stacks.count]
                var counter = writer
                while true {
                    let (mode, ruler) = variants[counter % variants.count]
                    counter += 1
                    guard
                        let response = try? client.request(
                            "PUT", Inputs.stackPath(name), headers: [("Content-Type", "application/json")],
                            text: Inputs.envelope(name: name, mode: mode, ruler: ruler))
                    else {
                        log.failed()
                        return
                    }
                    guard response.status == 200 || response.status == 201,
                        let current = response.json?["currentRevision"] as? [String: Any],
                        let number = current["number"] as? Int, let digest = current["digest"] as? String
                    else { return }
                    log.add(Ack(stack: name, number: number, digest: digest))
                }
            }
        }
        // Let revisions pile up, then kill the server in the middle of the stream.
        let deadline = Date().addingTimeInterval(15)
        while log.all.count < 200 && Date() < deadline { usleep(50_000) }
        server.kill9()
        XCTAssertEqual(group.wait(timeout: .now() + 30), .success)
        let acknowledged = log.all
        XCTAssertGreaterThanOrEqual(acknowledged.count, 200, "writers made progress before the kill")

        XCTAssertEqual(try integrityCheck(server.databasePath), "ok")

        try server.start()
        client = server.client()
        for name in stacks {
            var numbers: [Int] = []
            var digests: [Int: String] = [:]
            var cursor: String?
            repeat {
                let query = Inputs.stackPath(name) + "/revisions?limit=500"
                    + (cursor.map { "&cursor=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? "")
                let page = try get(query)
                assertStatus(page, 200)
                for item in page.json?["items"] as? [[String: Any]] ?? [] {
                    guard let number = item["number"] as? Int else { continue }
                    numbers.append(number)
                    digests[number] = item["digest"] as? String
                }
                cursor = page.json?["nextCursor"] as? String
            } while cursor != nil
            XCTAssertFalse(numbers.isEmpty)
            XCTAssertEqual(numbers, Array((1...(numbers.first ?? 1)).reversed()), "\(name): gapless, newest first")
            for ack in acknowledged where ack.stack == name {
                XCTAssertEqual(digests[ack.number], ack.digest, "\(name) acknowledged revision \(ack.number)")
            }
            // Numbering continues after the last committed revision.
            let latest = numbers.first ?? 0
            let current = try get(Inputs.stackPath(name)).json?["currentRevision"] as? [String: Any]
            let currentMode = ((try get(Inputs.stackPath(name)).json?["inputs"] as? [String: Any])?["lokistack"]
                as? [String: Any]).flatMap { (($0["spec"] as? [String: Any])?["tenants"] as? [String: Any])?["mode"] as? String }
            XCTAssertEqual(current?["number"] as? Int, latest)
            let otherMode = currentMode == "openshift-network" ? "openshift-logging" : "openshift-network"
            let next = try put(Inputs.stackPath(name), json: Inputs.envelope(name: name, mode: otherMode, ruler: true))
            assertStatus(next, 200)
            XCTAssertEqual((next.json?["currentRevision"] as? [String: Any])?["number"] as? Int, latest + 1)
        }
        XCTAssertEqual(server.terminate(), 0)
        XCTAssertEqual(try integrityCheck(server.databasePath), "ok")
    }

    /// `PRAGMA integrity_check` through the SQLite C API (recovers the WAL like any opener).
    func integrityCheck(_ path: String) throws -> String {
        // The store's process settings first, as it applies them (SQLite refuses them once
        // initialised, and the test process's later stores would run without them).
        _ = CSQLite_configureProcess()
        var database: OpaquePointer?
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else {
            defer { sqlite3_close(database) }
            throw TestFailure("cannot open \(path)")
        }
        defer { sqlite3_close(database) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, "PRAGMA integrity_check", -1, &statement, nil) == SQLITE_OK else {
            throw TestFailure("cannot prepare integrity_check")
        }
        defer { sqlite3_finalize(statement) }
        var lines: [String] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            if let text = sqlite3_column_text(statement, 0) { lines.append(String(cString: text)) }
        }
        return lines.joined(separator: "\n")
    }
}
