import XCTest

@testable import HTTPServer

final class OutputBufferTests: XCTestCase {
    func testAResponseCountsAsSentOnlyWhenItsLastByteIsOut() {
        var output = OutputBuffer()
        output.append { $0 += [1, 2, 3] }
        output.endResponse()
        output.append { $0 += [4, 5] }
        output.endResponse()
        XCTAssertFalse(output.consume(2))
        XCTAssertTrue(output.consume(2))
        XCTAssertEqual(output.pendingCount, 1)
        XCTAssertTrue(output.consume(1))
        XCTAssertTrue(output.isDrained)
        output.resetOffsets()
        XCTAssertEqual(output.offset, 0)
    }

    private func pending(_ output: OutputBuffer) -> ([UInt8], [UInt8]) {
        output.withPending { head, tail in (Array(head), Array(tail)) }
    }

    /// A body handed over by reference follows the bytes before it, is written across partial
    /// writes from either part, and anything appended later goes after it.
    func testATailFollowsTheHeadAndMovesIntoTheBytesWhenMoreIsAppended() {
        var output = OutputBuffer()
        output.append { $0 += [1, 2] }
        output.appendTail([3, 4, 5])
        output.endResponse()
        XCTAssertEqual(output.pendingCount, 5)
        XCTAssertEqual(pending(output).0, [1, 2])
        XCTAssertEqual(pending(output).1, [3, 4, 5])
        XCTAssertFalse(output.consume(3), "one byte of the tail is out, the response is not")
        XCTAssertEqual(pending(output).0, [])
        XCTAssertEqual(pending(output).1, [4, 5])

        output.append { $0 += [6] }  // the next response: after the tail
        output.endResponse()
        XCTAssertEqual(output.tail, [])
        XCTAssertEqual(pending(output).0, [4, 5, 6])
        XCTAssertEqual(output.pendingCount, 3)
        XCTAssertTrue(output.consume(2), "the first response is out")
        XCTAssertTrue(output.consume(1))
        XCTAssertTrue(output.isDrained)

        output.resetOffsets()
        var storage: [UInt8] = []
        output.swapStorage(&storage)
        XCTAssertEqual(storage, [1, 2, 3, 4, 5, 6], "the written bytes go back to the caller to recycle")
        output.appendTail([7])
        output.appendTail([8, 9])  // a second tail: the first one goes into the bytes before it
        XCTAssertEqual(pending(output).0, [7])
        XCTAssertEqual(pending(output).1, [8, 9])
    }
}
