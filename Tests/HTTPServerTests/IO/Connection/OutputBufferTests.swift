import XCTest

@testable import HTTPServer

final class OutputBufferTests: XCTestCase {
    func testAResponseCountsAsSentOnlyWhenItsLastByteIsOut() {
        var output = OutputBuffer()
        output.bytes += [1, 2, 3]
        output.endResponse()
        output.bytes += [4, 5]
        output.endResponse()
        XCTAssertFalse(output.consume(2))
        XCTAssertTrue(output.consume(2))
        XCTAssertEqual(output.pendingCount, 1)
        XCTAssertTrue(output.consume(1))
        XCTAssertTrue(output.isDrained)
        output.resetOffsets()
        XCTAssertEqual(output.offset, 0)
    }
}
