import XCTest

@testable import HTTPServer

/// What a request in a table case must look like (nil fields are not checked).
struct ExpectedRequest {
    var method = "GET"
    /// The request-target as sent; nil: not checked.
    var target: String?
    var path = "/"
    var query: String?? = .some(nil)
    var version = HTTPVersion.http1_1
    var headers: [String]?
    var body = ""
    var keepAlive = true
}

/// One row of a parser table: raw bytes and the required outcome.
struct ParserCase {
    enum Expected {
        /// These requests, no error, nothing pending.
        case requests([ExpectedRequest])
        /// An error with this status, optionally after some requests.
        case error(HTTPStatus, after: Int = 0)
        /// No request, no error yet: more bytes are needed.
        case incomplete

        /// Exactly this one request.
        static func ok(_ request: ExpectedRequest = ExpectedRequest()) -> Expected { .requests([request]) }
    }

    var name: String
    var raw: [UInt8]
    var expected: Expected
    var limits = HTTPParserLimits()

    init(_ name: String, _ raw: String, _ expected: Expected, limits: HTTPParserLimits = .init()) {
        self.name = name
        self.raw = crlf(raw)
        self.expected = expected
        self.limits = limits
    }

    init(_ name: String, bytes: [UInt8], _ expected: Expected, limits: HTTPParserLimits = .init()) {
        self.name = name
        self.raw = bytes
        self.expected = expected
        self.limits = limits
    }
}

/// Runs every case in every split and checks the outcome against the expectation.
func check(_ cases: [ParserCase], file: StaticString = #filePath, line: UInt = #line) {
    for testCase in cases {
        let outcome = feedAllSplits(testCase.raw, limits: testCase.limits, testCase.name, file: file, line: line)
        switch testCase.expected {
        case .incomplete:
            XCTAssertNil(outcome.error, "\(testCase.name): \(outcome)", file: file, line: line)
            XCTAssertEqual(outcome.requests.count, 0, "\(testCase.name): \(outcome)", file: file, line: line)
        case .error(let status, let after):
            XCTAssertEqual(outcome.error?.status, status, "\(testCase.name): \(outcome)", file: file, line: line)
            XCTAssertEqual(outcome.requests.count, after, "\(testCase.name): \(outcome)", file: file, line: line)
        case .requests(let expected):
            XCTAssertNil(outcome.error, "\(testCase.name): \(outcome)", file: file, line: line)
            XCTAssertEqual(outcome.phase, .idle, "\(testCase.name): bytes left over", file: file, line: line)
            XCTAssertEqual(outcome.requests.count, expected.count, "\(testCase.name): \(outcome)", file: file, line: line)
            for (actual, wanted) in zip(outcome.requests, expected) {
                let context = "\(testCase.name): \(actual)"
                XCTAssertEqual(actual.method, wanted.method, context, file: file, line: line)
                if let target = wanted.target {
                    XCTAssertEqual(actual.target, target, context, file: file, line: line)
                }
                XCTAssertEqual(actual.path, wanted.path, context, file: file, line: line)
                if case .some(let query) = wanted.query {
                    XCTAssertEqual(actual.query, query, context, file: file, line: line)
                }
                XCTAssertEqual(actual.version, wanted.version, context, file: file, line: line)
                if let headers = wanted.headers {
                    XCTAssertEqual(actual.headers, headers, context, file: file, line: line)
                }
                XCTAssertEqual(String(decoding: actual.body, as: UTF8.self), wanted.body, context, file: file, line: line)
                XCTAssertEqual(actual.keepAlive, wanted.keepAlive, context, file: file, line: line)
            }
        }
    }
}
