import Foundation
import PostgresTestSupport
import XCTest
import HTTPTestSupport

/// Several `lokinetpol serve` replicas on one PostgreSQL database (issue 11).
final class ReplicaTests: XCTestCase {
    fileprivate var replicas: [ServerProcess] = []

    override func tearDown() {
        for replica in replicas { replica.cleanUp() }
        replicas.removeAll()
    }

    /// A new database on the shared test server (skips only when PostgreSQL may be absent).
    fileprivate func database() throws -> String {
        do {
            return try PostgresTestServer.shared().createDatabase()
        } catch let error as PostgresTestServer.Unavailable where error.skippable {
            print("skipping \(name): \(error)")
            throw XCTSkip("\(error)")
        }
    }

    /// Skips (like ``database()``) only when PostgreSQL may be absent.
    fileprivate func skipWithoutPostgres() throws {
        let available = Result { () throws(PostgresTestServer.Unavailable) in try PostgresTestServer.shared() }
        if case .failure(let error) = available, error.skippable {
            print("skipping \(name): \(error)")
            throw XCTSkip("\(error)")
        }
    }

    /// An envelope whose policies differ per `port` (the object storage egress port).
    fileprivate static func envelope(_ name: String, port: Int) -> String {
        Inputs.envelope(name: name, endpoint: "https://s3.example.com:\(port)")
    }

    /// Every revision number of a stack as one replica lists it, newest first.
    fileprivate func history(_ replica: ServerProcess, _ stack: String) throws -> [(number: Int, digest: String)] {
        let client = replica.client()
        defer { client.close() }
        var items: [(Int, String)] = []
        var cursor: String?
        repeat {
            let target = Inputs.stackPath(stack) + "/revisions?limit=500" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try client.request("GET", target)
            XCTAssertEqual(page.status, 200, "\(page)")
            let json = try XCTUnwrap(page.json)
            for item in json["items"] as? [[String: Any]] ?? [] {
                items.append((item["number"] as? Int ?? 0, item["digest"] as? String ?? ""))
            }
            cursor = json["nextCursor"] as? String
        } while cursor != nil
        return items
    }

    func testWritersAcrossThreeReplicasKeepHistoryGaplessAndEveryReplicaServesTheLatest() throws {
        let url = try database()
        replicas = try (0..<3).map { _ in try ServerProcess(database: url) }

        // 8 writers, spread over the replicas; even writers share one stack, odd ones have their own.
        let writers = 8
        let writesPerWriter = 12
        let acknowledged = Mutex<[(stack: String, number: Int, digest: String)]>([])
        let replicaTwoKilled = Mutex(false)
        let replicas = Unchecked(self.replicas)
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            let replica = replicas.value[writer % 3]
            let client = replica.client()
            defer { client.close() }
            let stack = writer % 2 == 0 ? "shared" : "own-\(writer)"
            for index in 0..<writesPerWriter {
                // Writer 0 kills replica 2 with SIGKILL mid-stream (its writers' later requests fail).
                if writer == 0, index == writesPerWriter / 2 {
                    replicas.value[2].kill9()
                    replicaTwoKilled.withLock { $0 = true }
                }
                let port = 10_000 + writer * 100 + index
                guard
                    let response = try? client.request(
                        "PUT", Inputs.stackPath(stack), headers: [("Content-Type", "application/json")],
                        text: Self.envelope(stack, port: port))
                else { continue }  // not acknowledged (the replica is gone)
                guard response.status == 200 || response.status == 201 else {
                    XCTAssertEqual(response.status, 503, "only 503 may refuse a write: \(response)")
                    continue
                }
                guard let current = response.json?["currentRevision"] as? [String: Any],
                    let number = current["number"] as? Int, let digest = current["digest"] as? String
                else { return XCTFail("no current revision in \(response)") }
                acknowledged.withLock { $0.append((stack, number, digest)) }
            }
        }
        XCTAssertTrue(replicaTwoKilled.withLock { $0 })

        let live = Array(self.replicas.prefix(2))
        let stacks = Set(acknowledged.withLock { $0.map(\.stack) })
        // Writers on replica 2 may have had nothing acknowledged before it was killed.
        XCTAssertTrue(stacks.contains("shared") && stacks.count >= 3, "\(stacks)")
        for stack in stacks {
            let first = try history(live[0], stack)
            let second = try history(live[1], stack)
            XCTAssertEqual(first.map(\.number), second.map(\.number), stack)
            XCTAssertEqual(first.map(\.digest), second.map(\.digest), stack)
            // Gapless and unique.
            XCTAssertEqual(first.map(\.number), Array((1...max(1, first.count)).reversed()), stack)
            // Every acknowledged revision is present with its digest.
            let byNumber = Dictionary(first.map { ($0.number, $0.digest) }, uniquingKeysWith: { a, _ in a })
            for revision in acknowledged.withLock({ $0 }) where revision.stack == stack {
                XCTAssertEqual(byNumber[revision.number], revision.digest, "\(stack) revision \(revision.number)")
            }
        }

        // A PUT acknowledged by one replica is served at once by the other, whose cache held
        // the previous revision.
        let reader = live[1].client()
        defer { reader.close() }
        let before = try reader.request("GET", Inputs.stackPath("shared") + "/policies")
        XCTAssertEqual(before.status, 200, "\(before)")
        let writer = live[0].client()
        defer { writer.close() }
        let put = try writer.request(
            "PUT", Inputs.stackPath("shared"), headers: [("Content-Type", "application/json")],
            text: Self.envelope("shared", port: 9_999))
        XCTAssertEqual(put.status, 200, "\(put)")
        let digest = try XCTUnwrap((put.json?["currentRevision"] as? [String: Any])?["digest"] as? String)
        let after = try reader.request("GET", Inputs.stackPath("shared") + "/policies")
        XCTAssertEqual(after.header("ETag"), "\"\(digest)\"")
        XCTAssertNotEqual(after.header("ETag"), before.header("ETag"))
        let stack = try reader.request("GET", Inputs.stackPath("shared"))
        XCTAssertEqual((stack.json?["currentRevision"] as? [String: Any])?["digest"] as? String, digest)

        // Every log line is JSON: replicas migrating after another one print no libpq notice.
        for replica in self.replicas {
            for line in replica.logText().split(separator: "\n") {
                XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
            }
        }
    }
}

extension ReplicaTests {
    /// PostgreSQL stops (as in a crash: `pg_ctl stop -m immediate`) and starts again while two
    /// replicas take writes: meanwhile they answer 503 with Retry-After (never 500, never a
    /// dropped connection), `/readyz` is 503; afterwards they recover by themselves and every
    /// acknowledged revision is there, numbered without gaps.
    func testPostgresRestartMidStreamAnswers503ThenRecoversWithNothingAcknowledgedLost() throws {
        try skipWithoutPostgres()
        let postgres = try PostgresTestServer()  // its own server: this test stops it
        defer { postgres.remove() }
        let url = try postgres.createDatabase()
        replicas = try (0..<2).map { _ in try ServerProcess(database: url) }
        let replicas = Unchecked(self.replicas)

        let acknowledged = Mutex<[(stack: String, number: Int, digest: String)]>([])
        let refused = Mutex(0)
        let stop = Mutex(false)
        let writers = 4
        let group = DispatchGroup()
        for writer in 0..<writers {
            DispatchQueue.global().async(group: group) {
                let client = replicas.value[writer % 2].client()
                defer { client.close() }
                let stack = writer < 2 ? "shared" : "own-\(writer)"
                var index = 0
                while !stop.withLock({ $0 }) {
                    index += 1
                    let response: HTTPTestResponse
                    do {
                        response = try client.request(
                            "PUT", Inputs.stackPath(stack), headers: [("Content-Type", "application/json")],
                            text: Self.envelope(stack, port: 10_000 + writer * 10_000 + index))
                    } catch {
                        return XCTFail("writer \(writer): the replica did not answer: \(error)")
                    }
                    switch response.status {
                    case 200, 201:
                        guard let current = response.json?["currentRevision"] as? [String: Any],
                            let number = current["number"] as? Int, let digest = current["digest"] as? String
                        else { return XCTFail("no current revision in \(response)") }
                        acknowledged.withLock { $0.append((stack, number, digest)) }
                    case 503:
                        XCTAssertNotNil(response.header("Retry-After"), "\(response)")
                        refused.withLock { $0 += 1 }
                        usleep(20_000)
                    default:
                        return XCTFail("writer \(writer): only 503 may refuse a write: \(response)")
                    }
                }
            }
        }
        defer {
            stop.withLock { $0 = true }
            group.wait()
        }
        func waitFor(_ what: String, _ condition: () throws -> Bool) throws {
            let deadline = Date().addingTimeInterval(60)
            while try !condition() {
                guard Date() < deadline else { throw TestFailure("gave up waiting for \(what)") }
                usleep(50_000)
            }
        }
        func ready(_ replica: ServerProcess) throws -> Int {
            let client = replica.client()
            defer { client.close() }
            return try client.request("GET", "/readyz").status
        }

        try waitFor("writes before the restart") { acknowledged.withLock { $0.count } >= 20 }
        postgres.stop()
        let acknowledgedBeforeStop = acknowledged.withLock { $0.count }
        // While the database is down: /readyz is 503, reads and writes are 503 with Retry-After.
        for replica in self.replicas {
            try waitFor("/readyz 503") { try ready(replica) == 503 }
            let client = replica.client()
            defer { client.close() }
            let read = try client.request("GET", Inputs.stackPath("shared") + "/policies")
            XCTAssertEqual(read.status, 503, "\(read)")
            XCTAssertNotNil(read.header("Retry-After"), "\(read)")
            let write = try client.request(
                "PUT", Inputs.stackPath("shared"), headers: [("Content-Type", "application/json")],
                text: Self.envelope("shared", port: 9_999))
            XCTAssertEqual(write.status, 503, "\(write)")
            XCTAssertNotNil(write.header("Retry-After"), "\(write)")
        }
        try waitFor("writers refused") { refused.withLock { $0 } >= writers }
        try postgres.start()
        // They recover by themselves.
        for replica in self.replicas {
            try waitFor("/readyz 200") { try ready(replica) == 200 }
        }
        let acknowledgedAtRestart = acknowledged.withLock { $0.count }
        try waitFor("writes after the restart") { acknowledged.withLock { $0.count } >= acknowledgedAtRestart + 20 }
        stop.withLock { $0 = true }
        group.wait()
        print(
            "restart: \(acknowledgedBeforeStop) writes acknowledged before the stop, \(refused.withLock { $0 }) refused "
                + "with 503, \(acknowledged.withLock { $0.count }) acknowledged in all")

        for stack in Set(acknowledged.withLock { $0.map(\.stack) }) {
            let first = try history(self.replicas[0], stack)
            let second = try history(self.replicas[1], stack)
            XCTAssertEqual(first.map(\.number), second.map(\.number), stack)
            XCTAssertEqual(first.map(\.digest), second.map(\.digest), stack)
            XCTAssertEqual(first.map(\.number), Array((1...max(1, first.count)).reversed()), stack)
            let byNumber = Dictionary(first.map { ($0.number, $0.digest) }, uniquingKeysWith: { a, _ in a })
            for revision in acknowledged.withLock({ $0 }) where revision.stack == stack {
                XCTAssertEqual(byNumber[revision.number], revision.digest, "\(stack) revision \(revision.number)")
            }
        }
    }
}

/// Hands a non-Sendable value to concurrent test code that uses it safely.
private struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A value guarded by a lock (test helper).
private final class Mutex<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
