// libFuzzer entry for the HTTP request parser (and the router's decoding of what it yields).
// Build and run: Fuzz/run-http.sh [runs]
//
// The first input byte picks a split point and the limits; the rest is the byte stream. The
// stream is parsed twice — whole, and in two pieces — and both must give the same requests and
// the same error (the parser promises identical results for any split). Each parsed request is
// then routed, so percent-decoding, query parsing, the trie and the entity-tag parsing see
// fuzzed input too.
import HTTPServer

private let router: Router = {
    var router = Router()
    let handler: HTTPHandler = { request, context in
        _ = HTTPConditional.ifNoneMatchMatches(request, etag: "\"sha256:abc\"")
        _ = EntityTagCondition(fieldValues: request.headers.values("If-Match"))
        return .response(HTTPResponse(status: .ok, body: Array((context.parameters["name"] ?? "").utf8)))
    }
    router.add(.get, "/v1/namespaces/{ns}/lokistacks/{name}", handler)
    router.add(.put, "/v1/namespaces/{ns}/lokistacks/{name}", handler)
    router.add(.get, "/v1/namespaces/{ns}/lokistacks/{name}/revisions/{n}", handler)
    router.add(.get, "/v1/lokistacks", handler)
    router.add(.get, "/", handler)
    return router
}()

private struct Outcome: Equatable {
    var requests: [String] = []
    var error: HTTPParseError?
}

private func summary(_ request: HTTPRequest) -> String {
    let headers = request.headers.map { "\($0.name):\($0.value)" }.joined(separator: "|")
    return "\(request.method) \(request.target) \(request.path) \(request.query ?? "-") \(request.version) "
        + "\(headers) \(request.body) \(request.keepAlive)"
}

private func parse(_ pieces: [UnsafeRawBufferPointer], limits: HTTPParserLimits) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    for piece in pieces {
        parser.append(piece)
        while true {
            do {
                guard let request = try parser.nextRequest() else { break }
                outcome.requests.append(summary(request))
                if case .response(let response) = router.handle(request, context: RequestContext()) {
                    var buffer: [UInt8] = []
                    HTTPResponseEncoder.encode(
                        response, version: request.version, date: HTTPDate.imfFixdate(0),
                        keepAlive: request.keepAlive, headOnly: request.method == .head, into: &buffer)
                }
            } catch {
                outcome.error = error
                return outcome
            }
        }
        _ = parser.takeContinueRequest()
        _ = parser.phase
    }
    return outcome
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 1 else { return 0 }
    let control = Int(data[0])
    let stream = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    // Small limits half of the time, so that every limit is reachable with short inputs.
    let limits =
        control & 1 == 0
        ? HTTPParserLimits()
        : HTTPParserLimits(
            maxRequestTargetBytes: 24, maxHeaderSectionBytes: 64, maxHeaderCount: 4, maxBodyBytes: 32,
            maxChunkExtensionBytes: 8, maxTrailerBytes: 16)
    let split = (control >> 1) * stream.count / 127
    let whole = parse([stream], limits: limits)
    let pieces = parse(
        [UnsafeRawBufferPointer(rebasing: stream[..<split]), UnsafeRawBufferPointer(rebasing: stream[split...])],
        limits: limits)
    if whole != pieces {
        print("whole:  \(whole)\npieces: \(pieces) (split at \(split))")
        // Deliberate crash: libFuzzer records the input.
        abort()
    }
    return 0
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
