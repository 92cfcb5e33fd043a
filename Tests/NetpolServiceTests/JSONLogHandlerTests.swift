import Foundation
import HTTPServer
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

extension JSONLogHandlerTests {
    /// The access log's direct line has exactly the members the handler writes for the same event.
    func testAccessLineMatchesTheHandlerFormat() throws {
        let direct = AccessLog.line(
            label: "lokinetpol",
            AccessLogEntry(
                requestID: "r-1", method: .get, path: "/v1/x\"y", route: nil, identity: nil, status: 404, bytes: 12,
                durationNanoseconds: 1_234_567))
        let line = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(direct)) as? [String: String])
        XCTAssertEqual(direct.last, UInt8(ascii: "\n"))

        let pipe = Pipe()
        let sink = LogSink(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        let logger = Logger(label: "lokinetpol") { JSONLogHandler(label: $0, sink: sink) }
        logger.info(
            "request",
            metadata: [
                "requestId": "r-1", "method": "GET", "path": "/v1/x\"y", "route": "-", "status": "404", "bytes": "12",
                "durationMs": "1.234",
            ])
        sink.shutdown()
        try pipe.fileHandleForWriting.close()
        let viaHandler = pipe.fileHandleForReading.readDataToEndOfFile()
        var expected = try XCTUnwrap(try JSONSerialization.jsonObject(with: viaHandler) as? [String: String])
        XCTAssertNotNil(expected.removeValue(forKey: "time"))
        var actual = line
        XCTAssertNotNil(actual.removeValue(forKey: "time"))
        XCTAssertEqual(actual, expected)
    }

    /// `durationMs` has three decimals, zero-padded, truncated to the microsecond.
    func testAccessLineDurationHasThreeDecimals() throws {
        for (nanoseconds, expected) in [(5_999, "0.005"), (12_000_000, "12.000"), (1_234_567, "1.234"), (0, "0.000")] {
            let line = AccessLog.line(
                label: "lokinetpol",
                AccessLogEntry(
                    requestID: "r", method: .get, path: "/", route: "/", identity: "reader", status: 200, bytes: 1,
                    durationNanoseconds: UInt64(nanoseconds)))
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line)) as? [String: String])
            XCTAssertEqual(object["durationMs"], expected)
            XCTAssertEqual(object["identity"], "reader")
        }
    }
}
