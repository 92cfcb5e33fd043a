import Glibc
import Synchronization
import XCTest

@testable import HTTPServer

/// Response epilogues: run once, after the response went to the socket, and also when the
/// connection ends before it could be written.
final class ConnectionEpilogueTests: XCTestCase {
    /// Counts its runs and calls `observe` at each.
    private final class CountingEpilogue: ResponseEpilogue, @unchecked Sendable {
        let runs = Atomic<Int>(0)
        let observe: @Sendable () -> Void

        init(observe: @escaping @Sendable () -> Void = {}) {
            self.observe = observe
        }

        override func run() {
            runs.add(1, ordering: .relaxed)
            observe()
        }
    }

    private final class Box<Value>: @unchecked Sendable {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    private func get(_ path: String) -> String { "GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n" }

    func testAnEpilogueRunsOnceAfterItsResponseIsOnTheSocket() throws {
        let pairBox = Box<SocketPairLoop?>(nil)
        let waitingAtRun = Box<[Int]>([])
        let epilogue = CountingEpilogue { waitingAtRun.value.append(pairBox.value?.bytesWaitingForClient ?? -1) }
        var router = Router()
        router.add(.get, "/logged") { _, _ in
            var response = HTTPResponse.text(.ok, "logged")
            response.epilogue = epilogue
            return .response(response)
        }
        let pair = try SocketPairLoop(router: router)
        pairBox.value = pair
        pair.send(get("/logged"))
        XCTAssertTrue(pair.run(reading: false) { epilogue.runs.load(ordering: .relaxed) == 1 })
        XCTAssertEqual(waitingAtRun.value.count, 1)
        XCTAssertGreaterThan(waitingAtRun.value.first ?? 0, 0, "the epilogue ran before the response was written")
        pair.readAvailable()
        XCTAssertEqual(pair.responses.map(\.bodyText), ["logged"])
        for _ in 0..<3 { pair.turn() }
        XCTAssertEqual(epilogue.runs.load(ordering: .relaxed), 1, "run once")
        pairBox.value = nil
        pair.closeClient()
    }

    /// Responses owed to a client that went away are never written; their epilogues still run
    /// (an access line is not lost): ready ones when the connection closes, deferred ones when
    /// their work ends after that.
    func testEpiloguesOfResponsesNeverWrittenRunWhenTheConnectionIsGone() throws {
        let gate = Gate()
        let queued = CountingEpilogue()
        let late = CountingEpilogue()
        var router = Router()
        router.add(.get, "/slow") { _, _ in
            .deferred {
                await gate.wait()
                var response = HTTPResponse.text(.ok, "slow")
                response.epilogue = late
                return response
            }
        }
        router.add(.get, "/queued") { _, _ in
            var response = HTTPResponse.text(.ok, "queued")
            response.epilogue = queued
            return .response(response)
        }
        router.add(.get, "/big") { _, _ in .response(HTTPResponse(status: .ok, body: [UInt8](repeating: 65, count: 100_000))) }
        // /big stays partly unwritten (small send buffer, the client does not read); /slow and
        // /queued wait behind it; then the client goes away and the server's next write fails.
        let pair = try SocketPairLoop(router: router, sendBuffer: 4096)
        pair.send(get("/big") + get("/slow") + get("/queued"))
        XCTAssertTrue(pair.run(reading: false) { gate.arrivals == 1 })
        for _ in 0..<3 { pair.turn() }
        XCTAssertEqual(queued.runs.load(ordering: .relaxed), 0, "run before its response was written")
        pair.closeClient()
        XCTAssertEqual(queued.runs.load(ordering: .relaxed), 1, "the queued response's epilogue was lost")
        gate.open()
        XCTAssertTrue(pair.run(reading: false) { late.runs.load(ordering: .relaxed) == 1 }, "the late response's epilogue was lost")
    }
}
