// A minimal HTTPServer for `bench/http-bench.sh`: serves a fixed 6,000-byte body on `GET /`
// with the middleware a service uses (request id, metrics), prints "listening <port>" once
// it accepts connections, and stops on SIGTERM/SIGINT.
//
// Usage: http-bench-server [--port N] [--loops N] [--bare]
//   --bare  no middleware (the server's own per-request work only)
import Glibc
import HTTPServer
import Logging

var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 8080)
configuration.serverName = "http-bench"  // as long as the product name the bench measured before
var bare = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--port": configuration.port = arguments.next().flatMap { Int($0) } ?? configuration.port
    case "--loops": configuration.eventLoops = arguments.next().flatMap { Int($0) } ?? configuration.eventLoops
    case "--bare": bare = true
    default:
        print("usage: http-bench-server [--port N] [--loops N] [--bare]")
        exit(2)
    }
}

let body = [UInt8]((0..<6000).map { UInt8(ascii: "a") &+ UInt8($0 % 26) })
let response = HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain"], body: body)
let metrics = HTTPServerMetrics()
var router = Router()
if !bare {
    router.use(StandardMiddleware.requestID)
    router.use(StandardMiddleware.metrics(metrics))
}
router.add(.get, "/") { _, _ in .response(response) }

var logger = Logger(label: "http-bench-server")
logger.logLevel = .warning
do {
    let server = try HTTPServer(configuration: configuration, router: router, logger: logger, metrics: metrics)
    let port = try server.start()
    let line = Array("listening \(port)\n".utf8)
    _ = write(1, line, line.count)
    await server.waitForShutdownSignal()
} catch {
    print("http-bench-server: \(error)")
    exit(1)
}
