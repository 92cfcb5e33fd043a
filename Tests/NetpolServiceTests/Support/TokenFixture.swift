import Foundation
import HTTPTestSupport

/// A tokens file for tests: named callers with fresh random secrets, written as the YAML the
/// server reads (only the secrets' SHA-256 goes in the file).
struct TokenFixture {
    struct Caller {
        let name: String
        let secret: String
        let scopes: [String]
        let namespaces: [String]
        var expires: String? = nil
    }

    private(set) var callers: [String: Caller] = [:]

    /// Adds a caller with a random secret.
    mutating func add(_ name: String, scopes: [String], namespaces: [String], expires: String? = nil) {
        let secret = "lnp_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "") + UUID().uuidString.prefix(8)
        callers[name] = Caller(name: name, secret: secret, scopes: scopes, namespaces: namespaces, expires: expires)
    }

    mutating func remove(_ name: String) { callers[name] = nil }

    func secret(_ name: String) -> String { callers[name]!.secret }

    /// The tokens file text.
    var yaml: String {
        var text = "tokens:\n"
        for caller in callers.values.sorted(by: { $0.name < $1.name }) {
            text += "  - name: \(caller.name)\n"
            text += "    sha256: \(Self.sha256Hex(caller.secret))\n"
            text += "    scopes: [\(caller.scopes.joined(separator: ", "))]\n"
            text += "    namespaces: [\(caller.namespaces.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
            if let expires = caller.expires { text += "    expires: \(expires)\n" }
        }
        return text
    }

    func write(to path: String) throws {
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// SHA-256 hex via the openssl CLI-free route: the binary's own `token hash`.
    static func sha256Hex(_ secret: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binaryPath)
        process.arguments = ["token", "hash"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(Data(secret.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension ServerProcess {
    /// Sends SIGHUP and waits until the log has a line with `message` after what it had before.
    func hangUp(waitingFor messages: [String]) throws {
        let before = logText().utf8.count
        Glibc.kill(process.processIdentifier, SIGHUP)
        for _ in 0..<1000 {
            let text = String(logText().utf8.dropFirst(before)) ?? ""
            if messages.allSatisfy({ text.contains("\"message\":\"\($0)") }) { return }
            usleep(10_000)
        }
        throw TestFailure("no \(messages) after SIGHUP: \(logText().suffix(2000))")
    }
}
