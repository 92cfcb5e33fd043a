import Foundation
import PolicyCore

/// Reading a command's input file (or standard input) and turning it into render options,
/// with issues and warnings reported on standard error.
enum CommandInput {
    /// A file that could not be read.
    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The bytes of `path`, or of standard input for `-`.
    static func read(_ path: String) throws(ReadError) -> [UInt8] {
        if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(description: "\(path): cannot read the file")
        }
        return Array(data)
    }

    /// Decodes an input in any form (format detected from the first byte), applies the
    /// per-call cluster flags and resolves it.
    static func options(from bytes: [UInt8], overrides: ClusterOverrides) throws(InputError) -> RenderOptions {
        try PolicyInput.decode(bytes, format: InputFormat.detect(bytes)).applying(overrides).resolve()
    }

    /// Writes every issue as `[label: ]pointer: message`, one per line, to standard error.
    static func report(_ issues: [FieldIssue], label: String? = nil, prefix: String = "") {
        for issue in issues {
            let pointer = issue.pointer.isEmpty ? "(document)" : issue.pointer
            printError(prefix + (label.map { "\($0): " } ?? "") + "\(pointer): \(issue.message)")
        }
    }

    /// Writes one line to standard error.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Writes bytes to standard output.
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}
