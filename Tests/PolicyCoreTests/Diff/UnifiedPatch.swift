import XCTest

/// A minimal unified-diff applier for tests: hunk headers, counts and context lines are
/// checked, so a wrong diff fails loudly.
enum UnifiedPatch {
    struct PatchError: Error { let message: String }

    /// Applies a multi-file unified diff (`--- a/x` / `+++ b/x` headers) to files given as lines.
    static func apply(_ diff: String, to files: [String: [String]]) throws -> [String: [String]] {
        var files = files
        var lines = diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var i = 0
        while i < lines.count {
            guard lines[i].hasPrefix("--- "), i + 1 < lines.count, lines[i + 1].hasPrefix("+++ ") else {
                throw PatchError(message: "expected a file header at line \(i + 1): \(lines[i])")
            }
            let oldName = String(lines[i].dropFirst(4))
            let newName = String(lines[i + 1].dropFirst(4))
            i += 2
            let source = oldName == "/dev/null" ? [] : files[String(oldName.dropFirst(2))] ?? []
            var result: [String] = []
            var cursor = 0
            while i < lines.count, lines[i].hasPrefix("@@ -") {
                let header = lines[i].split(separator: " ")
                let oldRange = header[1].dropFirst().split(separator: ",")
                let oldStart = Int(oldRange[0]) ?? 0
                let oldCount = oldRange.count > 1 ? Int(oldRange[1]) ?? 0 : 1
                let newRange = header[2].dropFirst().split(separator: ",")
                let newCount = newRange.count > 1 ? Int(newRange[1]) ?? 0 : 1
                let begin = oldCount == 0 ? oldStart : oldStart - 1
                guard begin >= cursor else { throw PatchError(message: "hunks out of order") }
                result += source[cursor..<begin]
                cursor = begin
                i += 1
                var oldSeen = 0
                var newSeen = 0
                while oldSeen < oldCount || newSeen < newCount {
                    guard i < lines.count, let marker = lines[i].first else { throw PatchError(message: "short hunk") }
                    let text = String(lines[i].dropFirst())
                    switch marker {
                    case " ", "-":
                        guard cursor < source.count, source[cursor] == text else {
                            throw PatchError(message: "context mismatch in \(oldName): \(text)")
                        }
                        if marker == " " {
                            result.append(text)
                            newSeen += 1
                        }
                        oldSeen += 1
                        cursor += 1
                    case "+":
                        result.append(text)
                        newSeen += 1
                    default: throw PatchError(message: "bad hunk line \(lines[i])")
                    }
                    i += 1
                }
                guard oldSeen == oldCount, newSeen == newCount else { throw PatchError(message: "hunk counts") }
            }
            result += source[cursor...]
            if oldName != "/dev/null" { files[String(oldName.dropFirst(2))] = nil }
            if newName != "/dev/null" { files[String(newName.dropFirst(2))] = result }
        }
        return files
    }

    /// Applies the hunks of one file's diff (no headers) to `old`, as lines.
    static func applyHunks(_ hunks: String, to old: [String]) throws -> [String] {
        let patched = try apply("--- a/f\n+++ b/f\n" + hunks, to: ["f": old])
        return patched["f"] ?? []
    }
}
