import XCTest

@testable import HTTPServer

/// A comparable picture of a parsed request.
struct RequestSnapshot: Equatable, CustomStringConvertible {
    var method: String
    var target: String
    var path: String
    var query: String?
    var version: HTTPVersion
    var headers: [String]
    var body: [UInt8]
    var keepAlive: Bool

    init(_ request: HTTPRequest) {
        method = request.method.rawValue
        target = request.target
        path = request.path
        query = request.query
        version = request.version
        headers = request.headers.map { "\($0.name): \($0.value)" }
        body = request.body
        keepAlive = request.keepAlive
    }

    var description: String {
        "\(method) \(target) \(version) \(headers) body=\(String(decoding: body, as: UTF8.self)) keepAlive=\(keepAlive)"
    }
}

/// Everything observable from feeding bytes to a parser.
struct ParseOutcome: Equatable, CustomStringConvertible {
    var requests: [RequestSnapshot] = []
    var error: HTTPParseError?
    /// How many times `takeContinueRequest()` said yes.
    var continues = 0
    var closed = false
    var phase = HTTPRequestParser.Phase.idle

    var description: String {
        "requests: \(requests), error: \(error.map(String.init(describing:)) ?? "none"), continues: \(continues), closed: \(closed), phase: \(phase)"
    }
}

/// How a byte stream is cut before it reaches the parser.
enum Split: CustomStringConvertible {
    case whole
    case bytewise
    case random(seed: UInt64)

    func chunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        switch self {
        case .whole:
            return [bytes[...]]
        case .bytewise:
            return bytes.indices.map { bytes[$0...$0] }
        case .random(let seed):
            var generator = SplitMix64(seed: seed)
            var chunks: [ArraySlice<UInt8>] = []
            var index = 0
            while index < bytes.count {
                let length = Int(generator.next() % 17) + 1
                let end = min(index + length, bytes.count)
                chunks.append(bytes[index..<end])
                index = end
            }
            return chunks
        }
    }

    var description: String {
        switch self {
        case .whole: return "whole"
        case .bytewise: return "byte by byte"
        case .random(let seed): return "random splits (seed \(seed))"
        }
    }

    static let all: [Split] = [.whole, .bytewise, .random(seed: 1), .random(seed: 42), .random(seed: 2024)]
}

/// Deterministic generator for split points.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Feeds `bytes` cut by `split`, draining requests after every chunk, stopping at an error.
func feed(
    _ bytes: [UInt8], split: Split = .whole, limits: HTTPParserLimits = .init(), requiresHost: Bool = true
) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    parser.requiresHost = requiresHost
    var outcome = ParseOutcome()
    chunks: for chunk in split.chunks(bytes) {
        chunk.withUnsafeBytes { parser.append($0) }
        while true {
            do {
                guard let request = try parser.nextRequest() else { break }
                outcome.requests.append(RequestSnapshot(request))
            } catch {
                outcome.error = error
                break chunks
            }
        }
        if parser.takeContinueRequest() { outcome.continues += 1 }
    }
    outcome.closed = parser.isClosed
    outcome.phase = parser.phase
    return outcome
}

/// `text` with `\n` turned into CRLF (write test requests readably); raw bytes stay as given.
func crlf(_ text: String) -> [UInt8] {
    Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
}

/// Feeds `bytes` in every `Split` and checks the outcomes are identical; returns the outcome.
func feedAllSplits(
    _ bytes: [UInt8], limits: HTTPParserLimits = .init(), requiresHost: Bool = true,
    _ label: String, file: StaticString = #filePath, line: UInt = #line
) -> ParseOutcome {
    let reference = feed(bytes, split: .whole, limits: limits, requiresHost: requiresHost)
    for split in Split.all.dropFirst() {
        let outcome = feed(bytes, split: split, limits: limits, requiresHost: requiresHost)
        // The 100-continue signal depends on the body still being incomplete when the head is
        // complete, so only its presence for some split is compared, not its count.
        var comparable = outcome
        comparable.continues = reference.continues
        XCTAssertEqual(comparable, reference, "\(label): \(split) differs from whole", file: file, line: line)
    }
    return reference
}
