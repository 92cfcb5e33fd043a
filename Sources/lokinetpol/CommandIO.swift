#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import PolicyCore

#if canImport(Glibc)
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif

/// Reading input and writing output for the CLI subcommands, and their error reporting.
enum CommandIO {
    /// A file that could not be read.
    struct ReadError: Error {
        let message: String
    }

    /// All bytes of `path`, or of standard input for `-`.
    static func read(_ path: String) throws(ReadError) -> [UInt8] {
        let fd: Int32
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw ReadError(message: "cannot read \(path): \(String(cString: strerror(errno)))") }
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(message: "cannot read \(path == "-" ? "standard input" : path): \(String(cString: strerror(errno)))")
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// The bytes of `path` (standard input for `-`); when unreadable, reports `error: …` on
    /// standard error and exits with status 1.
    static func readInput(_ path: String) throws(ExitCode) -> [UInt8] {
        do {
            return try read(path)
        } catch {
            writeError("error: \(error.message)")
            throw ExitCode(1)
        }
    }

    /// `bytes` decoded (any input form), with `overrides` merged, validated and resolved; reports
    /// the warnings on standard error. On an input error, reports every problem and exits with
    /// status 1. With `strict`, lint warnings (those with a rule) are such problems.
    static func resolveInput(_ bytes: [UInt8], overrides: ClusterOverrides, strict: Bool = false) throws(ExitCode)
        -> RenderOptions
    {
        let options: RenderOptions
        do {
            options = try PolicyInput.decode(bytes, format: InputFormat.detect(bytes)).applying(overrides).resolve()
        } catch {
            report(error)
            throw ExitCode(1)
        }
        let lint = strict ? options.warnings.filter { $0.rule != nil } : []
        if !lint.isEmpty {
            report(InputError(lint))
            throw ExitCode(1)
        }
        report(warnings: options.warnings)
        return options
    }

    /// Writes `bytes` to standard output.
    static func writeOut(_ bytes: [UInt8]) {
        write(bytes, to: STDOUT_FILENO)
    }

    /// Writes one line to standard error.
    static func writeError(_ line: String) {
        write(Array((line + "\n").utf8), to: STDERR_FILENO)
    }

    /// Writes all of `bytes` to `fd`, retrying partial and interrupted writes; gives up
    /// silently on a closed pipe or other error (nothing useful is left to report it to).
    private static func write(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// `pointer: message` per issue (`[rule]` after a lint finding), then a one-line summary.
    static func report(_ error: InputError) {
        for issue in error.issues {
            writeError("\(issue.pointer.isEmpty ? "input" : issue.pointer): \(issue.message)" + ruleSuffix(issue))
        }
        let count = error.problemCount
        writeError("error: input rejected (\(count) problem\(count == 1 ? "" : "s"))")
    }

    /// `warning: pointer: message` per warning (`[rule]` after a lint finding).
    static func report(warnings: [FieldIssue]) {
        for issue in warnings {
            writeError("warning: \(issue.pointer.isEmpty ? "input" : issue.pointer): \(issue.message)" + ruleSuffix(issue))
        }
    }

    private static func ruleSuffix(_ issue: FieldIssue) -> String {
        issue.rule.map { " [\($0)]" } ?? ""
    }
}
