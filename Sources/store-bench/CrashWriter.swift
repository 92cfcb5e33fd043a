import Foundation
import PolicyStore

/// The writer of `PolicyStoreTests.CrashRecoveryTests`: writes revisions with
/// 16 concurrent tasks over 4 stacks until killed, appending one line
/// `namespace name number digest` to the acknowledgement file after each
/// acknowledged (committed) write, with one `write(2)` so a kill cannot split it.
enum CrashWriter {
    static func run(databasePath: String, acknowledgements: String) async throws {
        let store = try SQLiteStackStore(path: databasePath)
        let descriptor = open(acknowledgements, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { throw BenchError("cannot open \(acknowledgements)") }
        let salt = UInt64.random(in: 0...UInt64.max)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<16 {
                group.addTask {
                    var sequence = 0
                    while true {
                        sequence += 1
                        let name = "stack-\(writer % 4)"
                        var write = BenchSupport.write(
                            namespace: "crash", name: name, sequence: sequence, policyBytes: 2_048 + writer * 512)
                        write.digest = "sha256:\(salt)-\(writer)-\(sequence)"
                        guard case .written(let stack, _, _) = try await BenchSupport.upsert(write, into: store) else {
                            throw BenchError("unconditional write refused")
                        }
                        let line = Array("crash \(name) \(stack.current.number) \(write.digest)\n".utf8)
                        let written = line.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
                        guard written == line.count else { throw BenchError("acknowledgement not written") }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
