import XCTest

@testable import HTTPServer

final class ResponseQueueTests: XCTestCase {
    private let framing = ResponseFraming(version: .http1_1, keepAlive: true, headOnly: false)

    func testResponsesLeaveInRequestOrderOnceTheFrontIsReady() {
        var queue = ResponseQueue()
        let first = queue.enqueue(nil, framing)
        let second = queue.enqueue(nil, framing)
        queue.enqueue(.text(.ok, "third"), framing)
        XCTAssertTrue(queue.complete(sequence: second, with: .text(.ok, "second")))
        XCTAssertNil(queue.popReady(), "the second overtook the first")
        XCTAssertTrue(queue.complete(sequence: first, with: .text(.ok, "first")))
        let bodies = (0..<3).compactMap { _ in queue.popReady().map { String(decoding: $0.response.body, as: UTF8.self) } }
        XCTAssertEqual(bodies, ["first", "second", "third"])
        XCTAssertTrue(queue.isEmpty)
    }

    func testCompletingAForgottenSlotIsRefused() {
        var queue = ResponseQueue()
        let sequence = queue.enqueue(nil, framing)
        var epilogues: [ResponseEpilogue] = []
        queue.removeAll(keepingEpiloguesIn: &epilogues)
        XCTAssertFalse(queue.complete(sequence: sequence, with: .text(.ok, "late")))
    }
}
