import Foundation
import Logging
import XCTest

@testable import NetpolService

/// The log line format: one JSON object per line, metadata as top-level string members.
final class JSONLogHandlerTests: XCTestCase {
    func testLinesAreJSONObjectsWithMetadata() throws {
        let pipe = Pipe()
        let sink = LogSink(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        var logger = Logger(label: "test") { JSONLogHandler(label: $0, sink: sink, level: .info) }
        logger[metadataKey: "component"] = "unit"
        logger.debug("hidden below the level")
        logger.info("quote \" and\nnewline", metadata: ["requestId": "abc", "message": "shadowed", "count": .stringConvertible(3)])
        logger.warning("flushed at once")
        sink.shutdown()
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 2, text)
        let first = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String])
        XCTAssertEqual(first["message"], "quote \" and\nnewline")
        XCTAssertEqual(first["level"], "info")
        XCTAssertEqual(first["label"], "test")
        XCTAssertEqual(first["requestId"], "abc")
        XCTAssertEqual(first["component"], "unit")
        XCTAssertEqual(first["count"], "3")
        XCTAssertEqual(first["meta_message"], "shadowed", "metadata cannot overwrite the line's own members")
        let time = try XCTUnwrap(first["time"])
        XCTAssertNotNil(time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression), time)
        let second = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: String])
        XCTAssertEqual(second["level"], "warning")
    }
}
