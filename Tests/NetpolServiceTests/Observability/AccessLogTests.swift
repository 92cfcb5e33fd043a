import Foundation
import HTTPServer
import Logging
import SystemSupport
import XCTest

@testable import NetpolService

/// The access line byte for byte, however its route reaches the log.
final class AccessLogTests: XCTestCase {
    func testTheLineIsExactlyTheHandlerFormat() {
        let line = AccessLog.line(
            label: "lokinetpol",
            AccessLogEntry(
                requestID: "r-1", method: .get, path: "/v1/x\"y\\z\n\u{1}é", route: "/v1/{p}", identity: "a \"b\"",
                status: 404, bytes: 12, durationNanoseconds: 1_234_567),
            milliseconds: 1_764_075_600_123)
        XCTAssertEqual(
            String(decoding: line, as: UTF8.self),
            #"{"time":"2025-11-25T13:00:00.123Z","level":"info","label":"lokinetpol","message":"request","#
                + #""bytes":"12","durationMs":"1.234","identity":"a \"b\"","method":"GET","#
                + #""path":"/v1/x\"y\\z\n\u0001é","requestId":"r-1","route":"/v1/{p}","status":"404"}"# + "\n")
        let anonymous = AccessLog.line(
            label: "x",
            AccessLogEntry(
                requestID: "", method: HTTPMethod("BREW"), path: "/", route: nil, identity: nil, status: 200,
                bytes: 0, durationNanoseconds: 12_345_678_999),
            milliseconds: 0)
        XCTAssertEqual(
            String(decoding: anonymous, as: UTF8.self),
            #"{"time":"1970-01-01T00:00:00.000Z","level":"info","label":"x","message":"request","bytes":"0","#
                + #""durationMs":"12345.678","method":"BREW","path":"/","requestId":"","route":"-","status":"200"}"#
                + "\n")
    }

    /// A route encoded when registered is logged as the same bytes as one encoded per request.
    func testARouteEncodedOnceLogsTheSameBytes() throws {
        let pipe = Pipe()
        let sink = LogSink(descriptor: pipe.fileHandleForWriting.fileDescriptor)
        let log = AccessLog(logger: Logger(label: "lokinetpol") { _ in SwiftLogNoOpLogHandler() }, sink: sink)
        let pattern = "/v1/{a}/\"quoted\""
        func answered(_ observation: RouteObservation?) -> AnsweredRequest {
            AnsweredRequest(
                method: .get, path: "/v1/b/%22quoted%22",
                context: RequestContext(requestID: "id-7", route: pattern, identity: "reader", startNanoseconds: 0),
                status: 200, bytes: 4, answeredNanoseconds: 2_500_000, observation: observation)
        }
        log.record(answered(nil))
        log.record(answered(RouteObservation(route: pattern, metrics: nil, accessLog: log)))
        sink.shutdown()
        try pipe.fileHandleForWriting.close()
        let lines = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map { $0.drop { $0 != "," } }
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines.first, lines.last)
        XCTAssertEqual(
            lines.first.map(String.init),
            #","level":"info","label":"lokinetpol","message":"request","bytes":"4","durationMs":"2.500","#
                + #""identity":"reader","method":"GET","path":"/v1/b/%22quoted%22","requestId":"id-7","#
                + #""route":"/v1/{a}/\"quoted\"","status":"200"}"#)
    }
}
