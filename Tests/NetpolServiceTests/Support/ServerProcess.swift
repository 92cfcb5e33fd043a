import Foundation
import XCTest
import HTTPTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The real `lokinetpol serve` binary, started on an ephemeral loopback port with a database
/// in a temporary directory; its log (stderr, JSON lines) is captured to a file.
final class ServerProcess {
    let directory: URL
    let databasePath: String
    let logPath: String
    private(set) var process: Process
    private(set) var port: Int = 0

    /// The built `lokinetpol` executable: `LOKINETPOL_BINARY`, else beside the test bundle in
    /// the build products directory, else `.build/debug/lokinetpol` under the package root.
    static var binaryPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["LOKINETPOL_BINARY"] { return path }
        var candidates: [String] = []
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("lokinetpol").path)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/lokinetpol").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last ?? ""
    }

    /// `--listen` of every start (nil: none, e.g. to test `LOKINETPOL_LISTEN`).
    let listen: String?
    /// `--db` of every start: ``databasePath`` unless a PostgreSQL URL was given.
    let database: String

    /// A new temporary directory for one server's database and log.
    init(
        directory: URL? = nil, listen: String? = "127.0.0.1:0", database: String? = nil,
        extraArguments: [String] = [], environment: [String: String] = [:]
    ) throws {
        self.listen = listen
        let dir =
            directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("lokinetpol-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        self.directory = dir
        databasePath = dir.appendingPathComponent("lokinetpol.db").path
        self.database = database ?? databasePath
        logPath = dir.appendingPathComponent("server.log").path
        process = Process()
        try start(extraArguments: extraArguments, environment: environment)
    }

    /// Starts (or restarts) the server on the same database; waits until it listens.
    func start(extraArguments: [String] = [], environment: [String: String] = [:]) throws {
        let binary = Self.binaryPath
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw XCTSkip("lokinetpol binary not found at \(binary): run `swift build` first")
        }
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        let startOffset = log.offsetInFile
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve"] + (listen.map { ["--listen", $0] } ?? []) + ["--db", database] + extraArguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LOKINETPOL_") }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        port = try waitForListening(after: startOffset)
    }

    private func waitForListening(after offset: UInt64) throws -> Int {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: logPath), data.count > Int(offset) {
                let text = String(decoding: data[Int(offset)...], as: UTF8.self)
                for line in text.split(separator: "\n") {
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                        object["message"] as? String == "listening"
                    else { continue }
                    if let port = object["port"] as? String, let value = Int(port) { return value }
                    if let value = object["port"] as? Int { return value }
                }
            }
            if !process.isRunning {
                throw TestFailure("server exited with \(process.terminationStatus): \(logText())")
            }
            usleep(20_000)
        }
        throw TestFailure("server did not report listening: \(logText())")
    }

    /// A new client connected to this server.
    func client() -> HTTPTestClient { HTTPTestClient(port: port) }

    /// Everything the server logged so far.
    func logText() -> String {
        FileManager.default.contents(atPath: logPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The log as parsed JSON lines.
    func logLines() -> [[String: Any]] {
        logText().split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// SIGTERM, then wait for the exit; returns the exit status.
    @discardableResult
    func terminate() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGKILL: no chance to clean up.
    func kill9() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the server and removes the directory.
    func cleanUp() {
        if process.isRunning { kill9() }
        try? FileManager.default.removeItem(at: directory)
    }
}
