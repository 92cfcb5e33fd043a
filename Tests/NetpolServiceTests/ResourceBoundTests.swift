import Foundation
import XCTest
import HTTPTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The running binary keeps what clients can cost bounded: metric series, database file modes,
/// a log reader that stops reading.
final class ResourceBoundTests: ServiceTestCase {
    func testMadeUpMethodsDoNotMintMetricSeries() throws {
        for index in 1...30 {
            let response = try client.request("MADEUP\(index)", Inputs.stackPath())
            XCTAssertEqual(response.status, 405, "\(response)")
            XCTAssertEqual(try client.request("MADEUP\(index)", "/nowhere/\(index)").status, 404)
        }
        XCTAssertEqual(try get("/healthz").status, 200)
        let metrics = try get("/metrics").text
        let series = metrics.split(separator: "\n").filter { $0.hasPrefix("lokinetpol_http_requests_total{") }
        let standard = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "other"]
        for line in series {
            let method = line.split(separator: "\"")[1]
            XCTAssertTrue(standard.contains(String(method)), String(line))
            let route = String(line.split(separator: "\"")[3])
            XCTAssertTrue(route == "unmatched" || route.hasPrefix("/"), String(line))
        }
        XCTAssertEqual(series.filter { $0.contains("method=\"other\"") }.count, 2, series.joined(separator: "\n"))
        XCTAssertTrue(
            series.contains { $0.hasPrefix(#"lokinetpol_http_requests_total{method="other",route="unmatched",status="404"} 30"#) },
            series.joined(separator: "\n"))
        XCTAssertTrue(metrics.contains("\nlokinetpol_http_rejected_connections_total 0\n"), metrics)
        XCTAssertTrue(metrics.contains("\nlokinetpol_log_lines_dropped_total 0\n"), metrics)
    }

    func testDatabaseAndItsWALFilesAreOwnerOnly() throws {
        // The default umask of the test process would give 0644.
        let previous = umask(0o022)
        defer { umask(previous) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lokinetpol-mode-\(UUID().uuidString)")
        let fresh = try ServerProcess(directory: directory)
        defer { fresh.cleanUp() }
        XCTAssertEqual(try fresh.client().request(
            "PUT", Inputs.stackPath(), headers: [("Content-Type", "application/json")], text: Inputs.envelope()).status, 201)
        for suffix in ["", "-wal", "-shm"] {
            let path = fresh.databasePath + suffix
            var info = stat()
            XCTAssertEqual(stat(path, &info), 0, "\(path) exists")
            XCTAssertEqual(String(info.st_mode & 0o777, radix: 8), "600", path)
        }
    }

    func testAStalledLogReaderDoesNotStallTheServer() throws {
        let binary = ServerProcess.binaryPath
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("no binary at \(binary)") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lokinetpol-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let logRead = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        let logWrite = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--db", directory.appendingPathComponent("db").path]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LOKINETPOL_") }
        process.standardError = logWrite
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? logWrite.close()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        // Read the log until the server says where it listens, then never read it again.
        var text = ""
        var port = 0
        while port == 0 {
            let chunk = logRead.availableData
            guard !chunk.isEmpty else { return XCTFail("server exited: \(text)") }
            text += String(decoding: chunk, as: UTF8.self)
            for line in text.split(separator: "\n") where line.contains(#""message":"listening""#) {
                if let range = line.range(of: #""port":"(\d+)""#, options: .regularExpression) {
                    port = Int(line[range].dropFirst(8).dropLast()) ?? 0
                }
            }
        }
        // Far more access-log lines than the pipe (64 KiB) and the log buffer (1 MiB) hold:
        // 400 requests with 4 KB paths, each logged.
        let client = HTTPTestClient(port: port)
        let longPath = "/nowhere/" + String(repeating: "x", count: 4000)
        for index in 0..<400 {
            let response = try client.request("GET", longPath + "\(index)")  // throws on a stalled server
            XCTAssertEqual(response.status, 404)
        }
        let metrics = try client.request("GET", "/metrics").text
        let dropped = metrics.split(separator: "\n").first { $0.hasPrefix("lokinetpol_log_lines_dropped_total ") }
        let count = dropped.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
        XCTAssertGreaterThan(count, 0, metrics)
        client.close()
        // SIGTERM still ends the process although its log is not read.
        process.terminate()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        XCTAssertFalse(process.isRunning, "the server exits although nobody reads its log")
        if !process.isRunning { XCTAssertEqual(process.terminationStatus, 0) }
    }
}
