// libFuzzer entry for a whole service request, in process: the input is the byte stream a client
// sends (one or more pipelined HTTP/1.1 requests); each request the HTTP parser yields goes
// through NetpolService's router (middleware, routes, input decoding, rendering, the store),
// deferred work is awaited, and the response is encoded as the server would send it. Build and
// run: `Fuzz/run.sh NetpolService <runs>`.
//
// Every input gets a fresh SQLite store (in /dev/shm when there is one, so fsync costs nothing)
// and a fresh service, so a crash reproduces from its input alone; the store is only created once
// the stream holds at least one complete request.
//
// The product's promise is checked: a routed request is never answered 5xx (503, "unavailable",
// excepted), a request the parser refuses only with the 5xx HTTP defines for it (501 unknown
// transfer coding, 505 version), and every error response is problem+json. A broken promise
// aborts (libFuzzer records the input).
import Dispatch
import HTTPServer
import Logging
import NetpolService
import PolicyStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Most requests of one input that are run (a pipelined stream can hold many small ones).
private let maxRequestsPerInput = 8

private let quietLogger = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })

/// A directory for the per-input databases, made once per process and removed at exit.
private let scratchDirectory: String = {
    let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    var template = Array("\(base)/lokinetpol-fuzz-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { fatalError("fuzz harness: mkdtemp failed") }
    atexit { _ = rmdir(scratchDirectory) }
    return String(cString: made)
}()

/// The response of a deferred handler, handed from the task to the waiting fuzz thread.
private final class ResponseBox: @unchecked Sendable {
    var response: HTTPResponse?
    let done = DispatchSemaphore(value: 0)
}

/// Runs the handler's result to its response (awaiting deferred work).
private func complete(_ result: HandlerResult) -> HTTPResponse {
    switch result {
    case .response(let response):
        response.epilogue?.run()  // what the server does once it has written the response
        return response
    case .deferred(let work):
        let box = ResponseBox()
        Task {
            box.response = await work()
            box.done.signal()
        }
        box.done.wait()
        return box.response!
    }
}

private func parse(_ bytes: UnsafeRawBufferPointer) -> (requests: [HTTPRequest], error: HTTPParseError?) {
    var parser = HTTPRequestParser(limits: HTTPParserLimits())
    parser.append(bytes)
    var requests: [HTTPRequest] = []
    while requests.count < maxRequestsPerInput {
        do {
            guard let request = try parser.nextRequest() else { break }
            requests.append(request)
        } catch {
            return (requests, error)
        }
    }
    return (requests, nil)
}

private func check(_ response: HTTPResponse, for request: HTTPRequest?) {
    let code = response.status.code
    let what = request.map { "\($0.method) \($0.target)" } ?? "(parse error)"
    let allowed: Set<Int> = request == nil ? [501, 503, 505] : [503]
    if code >= 500 && !allowed.contains(code) {
        print("fuzz: \(what) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        abort()
    }
    if code >= 400 {
        let type = response.headers.values("Content-Type").first ?? ""
        if !type.lowercased().hasPrefix("application/problem+json") {
            print("fuzz: \(what) answered \(response.status) as \(type.isEmpty ? "no Content-Type" : type), not problem+json")
            abort()
        }
    }
    var wire: [UInt8] = []
    HTTPResponseEncoder.encode(
        response, version: request?.version ?? .http1_1, date: HTTPDate.imfFixdate(0),
        keepAlive: request?.keepAlive ?? false, headOnly: request?.method == .head, into: &wire)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServiceRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let (requests, error) = parse(UnsafeRawBufferPointer(start: data, count: size))
    if !requests.isEmpty {
        let path = scratchDirectory + "/service.db"
        let store: SQLiteStackStore
        do {
            store = try SQLiteStackStore(path: path, readers: 1)
        } catch {
            fatalError("fuzz harness: cannot open \(path): \(error)")
        }
        // No tokens and any Host: the fuzzer reaches the routes, not only the DNS-rebinding 421.
        var configuration = NetpolService.Configuration()
        configuration.security.allowUnauthenticatedRemote = true
        let service = NetpolService(store: store, logger: quietLogger, configuration: configuration)
        let router = service.makeRouter(serverMetrics: HTTPServerMetrics())
        for request in requests {
            check(complete(router.handle(request, context: RequestContext())), for: request)
        }
        store.close()
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }
    // What the server sends before closing a connection whose request it could not parse.
    if let error { check(NetpolService.parseErrorResponse(error), for: nil) }
    return 0
}
