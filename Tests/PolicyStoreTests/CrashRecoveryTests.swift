import Foundation
import XCTest

@testable import PolicyStore

/// `kill -9` of a writing process leaves only committed revisions, gapless, and
/// every acknowledged write present.
final class CrashRecoveryTests: StoreTestCase {
    /// The `store-bench` executable built beside the test bundle.
    private func crashWriterExecutable() throws -> URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("store-bench"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("store-bench"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/store-bench"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("store-bench is not built (swift build --build-tests builds it)")
        }
        return found
    }

    private struct Acknowledgement: Hashable {
        let name: String
        let number: Int
        let digest: String
    }

    private func acknowledgements(_ path: String) throws -> [Acknowledgement] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4, fields[0] == "crash", let number = Int(fields[2]) else {
                throw XCTSkip("torn acknowledgement line: \(line)")
            }
            return Acknowledgement(name: String(fields[1]), number: number, digest: String(fields[3]))
        }
    }

    func testKilledWriterLeavesOnlyCommittedGaplessRevisions() async throws {
        let executable = try crashWriterExecutable()
        let acks = directory + "/acks.txt"
        var acknowledgedBefore = 0
        for round in 1...3 {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["crash-writer", databasePath, acks]
            try process.run()
            // Kill at an arbitrary point once the writer has acknowledged some writes.
            let deadline = Date().addingTimeInterval(20)
            while try acknowledgements(acks).count < acknowledgedBefore + 50, Date() < deadline, process.isRunning {
                try await Task.sleep(nanoseconds: 5_000_000)
            }
            try await Task.sleep(nanoseconds: UInt64.random(in: 0...150_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, "round \(round): the writer stopped by itself")

            let acknowledged = try acknowledgements(acks)
            XCTAssertGreaterThan(acknowledged.count, acknowledgedBefore, "round \(round): no progress")
            acknowledgedBefore = acknowledged.count

            // Reopening recovers the WAL; only committed transactions survive.
            let store = try openStore()
            try assertDatabaseIntact()
            let rows = try await store.read { database throws(SQLiteError) in
                try database.all(
                    """
                    SELECT s.name, s.current_revision, r.number, r.digest
                    FROM stacks s JOIN revisions r ON r.stack_id = s.id ORDER BY s.name, r.number
                    """
                ) { (name: $0.text(0), current: $0.int(1), number: $0.int(2), digest: $0.text(3)) }
            }
            XCTAssertGreaterThanOrEqual(rows.count, acknowledged.count, "round \(round)")
            let byStack = Dictionary(grouping: rows, by: \.name)
            XCTAssertEqual(byStack.count, 4, "round \(round): stacks")
            for (name, revisions) in byStack {
                XCTAssertEqual(revisions.map(\.number), Array(1...revisions.count), "round \(round): \(name) has gaps")
                XCTAssertEqual(revisions.first?.current, revisions.count, "round \(round): \(name) current revision")
            }
            let stored = Set(rows.map { Acknowledgement(name: $0.name, number: $0.number, digest: $0.digest) })
            let lost = acknowledged.filter { !stored.contains($0) }
            XCTAssertEqual(lost, [], "round \(round): acknowledged writes lost")
            store.close()
        }
    }
}
