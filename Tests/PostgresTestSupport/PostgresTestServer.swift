import Foundation

/// A throw-away PostgreSQL server for tests: `initdb` + `pg_ctl` into a temporary directory on
/// a free port (no Docker). As root (CI) the server runs as the `postgres` system user the
/// Debian package creates, through `runuser -u postgres --`, because `initdb` refuses root.
///
/// Tests skip (with the printed reason) only when the PostgreSQL binaries are absent AND
/// `LOKINETPOL_TEST_POSTGRES` is unset; with the variable set a missing server is a failure.
/// `LOKINETPOL_TEST_POSTGRES` may name the directory of the binaries.
public final class PostgresTestServer: @unchecked Sendable {
    /// Why the server could not be used.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
        /// True when tests should skip rather than fail.
        public let skippable: Bool
    }

    /// The data directory (also the Unix socket directory).
    public let directory: String
    /// The TCP port on 127.0.0.1.
    public private(set) var port: Int
    private let binaries: String
    private let asPostgresUser: Bool
    private let lock = NSLock()
    private var databases = 0

    /// The superuser the tests connect as (trust authentication on 127.0.0.1).
    public static let user = "netpol"

    nonisolated(unsafe) private static var sharedResult: Result<PostgresTestServer, Unavailable>?
    private static let sharedLock = NSLock()

    /// The server shared by every test of the process, started on first use, stopped and its
    /// directory (~700 MB after a full run) removed at exit.
    public static func shared() throws(Unavailable) -> PostgresTestServer {
        sharedLock.lock()
        defer { sharedLock.unlock() }
        if sharedResult == nil {
            do throws(Unavailable) {
                let server = try PostgresTestServer()
                sharedResult = .success(server)
                stopAtExit = server
                atexit { PostgresTestServer.stopAtExit?.remove() }
            } catch {
                sharedResult = .failure(error)
            }
        }
        return try sharedResult!.get()
    }

    nonisolated(unsafe) private static var stopAtExit: PostgresTestServer?

    /// Starts a new server (stop it with ``stop()``).
    public init() throws(Unavailable) {
        let environment = ProcessInfo.processInfo.environment
        let required = !(environment["LOKINETPOL_TEST_POSTGRES"] ?? "").isEmpty
        guard let binaries = Self.findBinaries(hint: environment["LOKINETPOL_TEST_POSTGRES"]) else {
            throw Unavailable(
                description: "PostgreSQL binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin"
                    + (required ? " although LOKINETPOL_TEST_POSTGRES is set" : "; install the postgresql package"),
                skippable: !required)
        }
        self.binaries = binaries
        asPostgresUser = getuid() == 0
        let base = NSTemporaryDirectory() + "lokinetpol-pg-\(UUID().uuidString.prefix(8))"
        directory = base + "/data"
        port = Self.freePort()
        do {
            try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
            if asPostgresUser {
                try Self.run("/bin/chown", ["postgres:postgres", base])
            }
            try runTool("initdb", ["-D", directory, "-A", "trust", "-U", Self.user, "-E", "UTF8", "--no-locale", "--no-sync"])
            try start()
        } catch {
            throw Unavailable(description: "cannot start PostgreSQL: \(error)", skippable: false)
        }
    }

    /// Starts the server (again) on ``port``; waits until it accepts connections.
    public func start() throws {
        try runTool(
            "pg_ctl",
            [
                "-D", directory, "-l", directory + "/../server.log", "-w", "-t", "60", "-o",
                "-p \(port) -c listen_addresses=127.0.0.1 -k \(directory) -c fsync=off -c full_page_writes=off "
                    + "-c max_connections=200 -c shared_buffers=32MB",
                "start",
            ])
    }

    /// Stops the server immediately (`-m immediate`: as a crash would).
    public func stop() {
        _ = try? runTool("pg_ctl", ["-D", directory, "-m", "immediate", "-w", "stop"])
    }

    /// Stops the server and removes its directory.
    public func remove() {
        stop()
        try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent)
    }

    /// A URL of the administrative database.
    public var adminURL: String { "postgresql://\(Self.user)@127.0.0.1:\(port)/postgres" }

    /// A new, empty database; returns its URL.
    public func createDatabase() throws -> String {
        let name: String = lock.withLock {
            databases += 1
            return "test_\(getpid())_\(databases)"
        }
        try runTool("psql", ["-q", "-h", "127.0.0.1", "-p", "\(port)", "-U", Self.user, "-d", "postgres", "-c", "CREATE DATABASE \(name)"])
        return "postgresql://\(Self.user)@127.0.0.1:\(port)/\(name)"
    }

    /// Runs `psql -c sql` on the database of `url`; returns its unaligned, tuples-only output.
    @discardableResult
    public func psql(_ url: String, _ sql: String) throws -> String {
        try runTool("psql", ["-qAt", url, "-c", sql])
    }

    /// The rows of the database of `url` as `pg_dump --data-only` prints them.
    public func dump(_ url: String) throws -> String {
        try runTool("pg_dump", ["--data-only", "--no-owner", url])
    }

    @discardableResult
    private func runTool(_ tool: String, _ arguments: [String]) throws -> String {
        let path = binaries + "/" + tool
        if asPostgresUser, tool != "psql", tool != "pg_dump" {
            return try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        }
        return try Self.run(path, arguments)
    }

    /// Runs `executable` and waits for it (posix_spawn + waitpid: Foundation's `Process`
    /// misses the exit of a child whose grandchild, the server, keeps its descriptors).
    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let capture = NSTemporaryDirectory() + "lokinetpol-pg-output-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: capture) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw Unavailable(description: "cannot run \(executable): errno \(spawned)", skippable: false)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited, code == 0 else {
            throw Unavailable(
                description: "\(executable) \(arguments.joined(separator: " ")) failed (status \(status)): \(text)",
                skippable: false)
        }
        return text
    }

    private static func findBinaries(hint: String?) -> String? {
        let manager = FileManager.default
        if let hint, manager.isExecutableFile(atPath: hint + "/initdb") { return hint }
        let root = "/usr/lib/postgresql"
        let versions = (try? manager.contentsOfDirectory(atPath: root)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let bin = "\(root)/\(version)/bin"
            if manager.isExecutableFile(atPath: bin + "/initdb"), manager.isExecutableFile(atPath: bin + "/pg_ctl") {
                return bin
            }
        }
        return nil
    }

    /// A TCP port that was free a moment ago.
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
