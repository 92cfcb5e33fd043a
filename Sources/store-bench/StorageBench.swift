import CSQLite
import Foundation
import PolicyCore
import PolicyStore

/// Storage per revision and history reads, as in the soak of issue 11: `stacks` stacks, each
/// revision changing the proxy port of one stack (the real generator: the proxy's egress
/// policy and the inputs change, every other policy stays). Reports the database's growth per
/// revision (SQLite: after a WAL checkpoint and VACUUM; PostgreSQL: pg_total_relation_size of
/// the store's tables after VACUUM) and the latency of `revision(n)` and of the first history
/// page (50) with 1 and 8 concurrent callers, their rate and the process's CPU time per read
/// (what a read costs however the store schedules it; on a shared machine the rate also depends
/// on how many threads the store runs). Runs the same on any build of the store, so the layouts
/// of two builds compare in the same run.
enum StorageBench {
    static func run(database: String, revisions: Int, stacks: Int, samples: Int) async throws {
        let location = DatabaseLocation(database)
        var sqlitePath: String?
        if case .sqlite(let directory) = location {
            sqlitePath = try BenchSupport.freshDirectory(directory, "storage") + "/store.db"
        }
        func open() throws -> any StackStore {
            if let sqlitePath { return try SQLiteStackStore(path: sqlitePath) }
            return try PostgresStackStore(url: database)
        }
        let writes = try Writes(stacks: stacks)
        print("storage: \(sqlitePath.map { "sqlite \($0)" } ?? "postgres"), \(stacks) stacks, "
            + "policies \(writes.policyBytes) B and inputs \(writes.inputBytes) B per revision (canonical JSON)")

        // Phase 1: every stack's first revision; then the rest, each changing one policy.
        var store = try open()
        try await write(writes, sequences: 0..<1, into: store)
        store.close()
        let base = try size(database: database, sqlitePath: sqlitePath)
        store = try open()
        let perStack = max(2, revisions / stacks)
        let fillStart = BenchSupport.nanoseconds()
        try await write(writes, sequences: 1..<perStack, into: store)
        let fillSeconds = Double(BenchSupport.nanoseconds() - fillStart) / 1e9
        store.close()
        let grown = try size(database: database, sqlitePath: sqlitePath)
        let added = (perStack - 1) * stacks
        print(String(
            format: "storage: %d revisions written in %.1f s (%.0f/s); database %@ → %@: %.0f bytes per revision",
            added, fillSeconds, Double(added) / fillSeconds, megabytes(base), megabytes(grown),
            Double(grown - base) / Double(added)))

        let reader = try open()
        defer { reader.close() }
        for callers in [1, 8] {
            let single = try await measure(callers: callers, samples: samples) {
                let stack = Int.random(in: 0..<stacks)
                let number = Int.random(in: 1...perStack)
                guard let revision = try await reader.revision(namespace: "bench", name: "stack-\(stack)", number: number),
                    revision.policiesJSON.count > 1_000
                else { throw BenchError("revision \(number) of stack \(stack) missing") }
            }
            print("revision(n), \(callers) caller(s): \(single)")
            let page = try await measure(callers: callers, samples: samples) {
                let stack = Int.random(in: 0..<stacks)
                guard let page = try await reader.revisions(namespace: "bench", name: "stack-\(stack)", limit: 50, cursor: nil),
                    page.items.count == min(50, perStack)
                else { throw BenchError("short first page of stack \(stack)") }
            }
            print("first history page (50), \(callers) caller(s): \(page)")
        }
    }

    /// Latency summary and rate of `body` run `samples` times by `callers` concurrent tasks.
    private static func measure(
        callers: Int, samples: Int, _ body: @escaping @Sendable () async throws -> Void
    ) async throws -> String {
        let cpuStart = processCPUMicroseconds()
        let start = BenchSupport.nanoseconds()
        let durations = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<callers {
                group.addTask {
                    var durations: [UInt64] = []
                    for _ in 0..<(samples / callers) {
                        let began = BenchSupport.nanoseconds()
                        try await body()
                        durations.append(BenchSupport.nanoseconds() - began)
                    }
                    return durations
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let seconds = Double(BenchSupport.nanoseconds() - start) / 1e9
        let cpu = Double(processCPUMicroseconds() - cpuStart) / Double(durations.count)
        return BenchSupport.latencySummary(durations)
            + String(format: ", %.0f reads/s, %.1f µs CPU/read", Double(durations.count) / seconds, cpu)
    }

    /// User and system CPU time of the whole process so far, in microseconds (every thread: the
    /// callers, the store's reader threads; the CPU a read costs however the store schedules it).
    private static func processCPUMicroseconds() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1_000_000 + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec
    }

    /// Writes sequence numbers `sequences` of every stack, stacks concurrently, each stack in order.
    private static func write(_ writes: Writes, sequences: Range<Int>, into store: any StackStore) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for stack in 0..<writes.stacks {
                group.addTask {
                    var previous = sequences.lowerBound == 0
                        ? nil : try writes.write(stack: stack, sequence: sequences.lowerBound - 1).digest
                    for sequence in sequences {
                        var write = try writes.write(stack: stack, sequence: sequence)
                        write.summaryBasis = previous.map { .revision(digest: $0) } ?? .absent
                        previous = write.digest
                        guard case .written(_, _, true) = try await store.upsert(write) else {
                            throw BenchError("write \(sequence) of stack \(stack) created no revision")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The database's size in bytes: SQLite's file after a checkpoint and VACUUM, PostgreSQL's
    /// store tables after VACUUM.
    private static func size(database: String, sqlitePath: String?) throws -> Int {
        if let sqlitePath {
            var handle: OpaquePointer?
            guard sqlite3_open(sqlitePath, &handle) == SQLITE_OK, let connection = handle else {
                throw BenchError("cannot open \(sqlitePath)")
            }
            defer { sqlite3_close(connection) }
            guard sqlite3_exec(connection, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;", nil, nil, nil) == SQLITE_OK else {
                throw BenchError("VACUUM: \(String(cString: sqlite3_errmsg(connection)))")
            }
            var status = stat()
            guard stat(sqlitePath, &status) == 0 else { throw BenchError("stat \(sqlitePath)") }
            return Int(status.st_size)
        }
        _ = try psql(database, "VACUUM")
        let total = try psql(
            database,
            """
            SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind = 'r'
            """)
        guard let bytes = Int(total) else { throw BenchError("pg_total_relation_size: \(total)") }
        return bytes
    }

    private static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("psql \(sql) failed") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }

    /// The generator's real output for each stack at each proxy port, rendered on demand.
    struct Writes: Sendable {
        let stacks: Int
        let policyBytes: Int
        let inputBytes: Int

        init(stacks: Int) throws {
            self.stacks = stacks
            let sample = try Self.render(stack: 0, sequence: 0)
            policyBytes = sample.policies.count
            inputBytes = sample.inputs.count
        }

        func write(stack: Int, sequence: Int) throws -> StackWrite {
            let rendered = try Self.render(stack: stack, sequence: sequence)
            return StackWrite(
                namespace: "bench", name: "stack-\(stack)", inputsJSON: rendered.inputs, digest: rendered.digest,
                policiesJSON: rendered.policies, enabled: true, reason: rendered.reason,
                warningsJSON: Array("[]".utf8), generatorVersion: GeneratorInfo.version, author: "bench",
                changeSummary: "bench", summaryBasis: .absent)
        }

        private static func render(stack: Int, sequence: Int) throws -> (inputs: [UInt8], policies: [UInt8], digest: String, reason: String) {
            let envelope = """
                {"lokistack":{"apiVersion":"loki.grafana.com/v1","kind":"LokiStack",
                "metadata":{"name":"stack-\(stack)","namespace":"bench"},
                "spec":{"size":"1x.medium","storage":{"secret":{"name":"lokistack-s3","type":"s3"}},
                "storageClassName":"gp3-csi","tenants":{"mode":"openshift-logging"},"rules":{"enabled":true},
                "proxy":{"httpsProxy":"http://proxy.corp.example.com:\(10_000 + sequence)"}}},
                "rulerConfig":{"apiVersion":"loki.grafana.com/v1","kind":"RulerConfig",
                "metadata":{"name":"ruler","namespace":"bench"},
                "spec":{"alertmanager":{"endpoints":["https://alertmanager.monitoring.example.com:9093"]}}},
                "objectStorage":{"endpoint":"https://s3.eu-west-1.amazonaws.com"},
                "cluster":{"platform":"openshift","openshiftVersion":"4.20.3"}}
                """
            let input = try PolicyInput(envelope: try JSONValue.parseJSON(Array(envelope.utf8)))
            let result = PolicyGenerator.render(try input.resolve())
            return (input.envelope.canonicalJSONBytes(), result.canonicalListJSON, result.digest,
                    result.enablement.reason)
        }
    }
}
