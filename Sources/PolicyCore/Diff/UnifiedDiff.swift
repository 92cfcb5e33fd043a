/// Unified-format line diff (`diff -u`), hunks only: `@@ -a,b +c,d @@` headers written
/// as GNU diff writes them (`,1` left out; an empty side names the line before it, so a
/// new file is `-0,0`), `-`/`+`/` ` lines, and `\ No newline at end of file` after a
/// last line that has no newline. Lines are compared byte for byte.
enum UnifiedDiff {
    /// One line of the edit script, with the number of old and new lines before it.
    private struct Edit {
        enum Kind {
            case keep
            case remove
            case insert
        }

        let kind: Kind
        let old: Int
        let new: Int

        var isChange: Bool { kind != .keep }
    }

    /// A line compared byte for byte, as GNU diff compares lines.
    private struct Line: Hashable {
        let text: Substring

        static func == (a: Line, b: Line) -> Bool {
            guard a.text.utf8.count == b.text.utf8.count else { return false }
            let fast = a.text.utf8.withContiguousStorageIfAvailable { left in
                b.text.utf8.withContiguousStorageIfAvailable { right in left.elementsEqual(right) }
            }
            return (fast ?? nil) ?? a.text.utf8.elementsEqual(b.text.utf8)
        }

        func hash(into hasher: inout Hasher) {
            let done: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            if done == nil { for byte in text.utf8 { hasher.combine(byte) } }
        }
    }

    /// The hunks turning `old` into `new`, with `context` lines around each change;
    /// empty when the texts are equal. The middle (after the common head and tail) is a
    /// shortest edit script found by Myers' algorithm, the same script as the standard
    /// library's `difference(from:)`, within `budget` (`DiffBudget`: 500,000 operations
    /// by default); past it, one hunk removes every old line and adds every new one.
    static func hunks(old: String, new: String, context: Int = 3, budget: DiffBudget = DiffBudget()) -> String {
        let oldLines = lines(old)
        let newLines = lines(new)
        var budget = budget
        let script = edits(oldLines, newLines, budget: &budget)

        var out = ""
        out.reserveCapacity(old.utf8.count + new.utf8.count + 2 * script.count)
        var index = 0
        while let firstChange = script[index...].firstIndex(where: \.isChange) {
            // Extend the hunk while the next change is within 2 × context kept lines.
            var lastChange = firstChange
            var scan = firstChange + 1
            while scan < script.count, scan - lastChange <= 2 * context + 1 {
                if script[scan].isChange { lastChange = scan }
                scan += 1
            }
            let start = max(index, firstChange - context)
            let end = min(script.count, lastChange + context + 1)
            appendHunk(script[start..<end], oldLines: oldLines, newLines: newLines, to: &out)
            index = end
        }
        return out
    }

    /// Lines with their newline (a last line without one stays distinct from the same
    /// line with one, as in GNU diff).
    private static func lines(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var cursor = text.utf8.startIndex
        while cursor < text.utf8.endIndex {
            let next = text.utf8.index(after: cursor)
            if text.utf8[cursor] == UInt8(ascii: "\n") {
                result.append(text[start..<next])
                start = next
            }
            cursor = next
        }
        if start < text.endIndex { result.append(text[start...]) }
        return result
    }

    /// The edit script: the common head and tail kept (as GNU diff does), the middle by
    /// `ShortestEdit` over line numbers (cheap to compare); when the budget is spent, every
    /// old line removed, then every new line inserted.
    private static func edits(_ old: [Substring], _ new: [Substring], budget: inout DiffBudget) -> [Edit] {
        var head = 0
        while head < old.count, head < new.count, Line(text: old[head]) == Line(text: new[head]) { head += 1 }
        var tail = 0
        while tail < old.count - head, tail < new.count - head,
            Line(text: old[old.count - 1 - tail]) == Line(text: new[new.count - 1 - tail])
        {
            tail += 1
        }
        var numbers: [Line: Int] = [:]
        numbers.reserveCapacity(old.count + new.count - 2 * (head + tail))
        func number(_ line: Substring) -> Int {
            let key = Line(text: line)
            if let number = numbers[key] { return number }
            numbers[key] = numbers.count
            return numbers.count - 1
        }
        let oldMiddle = old[head..<old.count - tail].map(number)
        let newMiddle = new[head..<new.count - tail].map(number)
        var removed = [Bool](repeating: false, count: old.count)
        var inserted = [Bool](repeating: false, count: new.count)
        let middle: ShortestEdit
        do {
            middle = try ShortestEdit(old: oldMiddle, new: newMiddle, budget: &budget)
        } catch {
            return old.indices.map { Edit(kind: .remove, old: $0, new: 0) }
                + new.indices.map { Edit(kind: .insert, old: old.count, new: $0) }
        }
        for offset in middle.removed { removed[head + offset] = true }
        for offset in middle.inserted { inserted[head + offset] = true }
        var script: [Edit] = []
        script.reserveCapacity(old.count + new.count)
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, removed[i] {
                script.append(Edit(kind: .remove, old: i, new: j))
                i += 1
            } else if j < new.count, inserted[j] {
                script.append(Edit(kind: .insert, old: i, new: j))
                j += 1
            } else if i < old.count, j < new.count {
                script.append(Edit(kind: .keep, old: i, new: j))
                i += 1
                j += 1
            } else {
                break  // a consistent difference never gets here; never loop forever
            }
        }
        return script
    }

    private static func appendHunk(
        _ hunk: ArraySlice<Edit>, oldLines: [Substring], newLines: [Substring], to out: inout String
    ) {
        guard let first = hunk.first else { return }
        var oldCount = 0
        var newCount = 0
        for edit in hunk {
            if edit.kind != .insert { oldCount += 1 }
            if edit.kind != .remove { newCount += 1 }
        }
        out += "@@ -"
        out += range(before: first.old, count: oldCount)
        out += " +"
        out += range(before: first.new, count: newCount)
        out += " @@\n"
        for edit in hunk {
            switch edit.kind {
            case .keep: appendLine(" ", oldLines[edit.old], to: &out)
            case .remove: appendLine("-", oldLines[edit.old], to: &out)
            case .insert: appendLine("+", newLines[edit.new], to: &out)
            }
        }
    }

    /// `start,count` with a 1-based start; `count == 1` gives `start` alone, an empty
    /// range names the line before it.
    private static func range(before: Int, count: Int) -> String {
        switch count {
        case 0: "\(before),0"
        case 1: String(before + 1)
        default: "\(before + 1),\(count)"
        }
    }

    private static func appendLine(_ marker: String, _ line: Substring, to out: inout String) {
        out += marker
        out += line
        if line.utf8.last != UInt8(ascii: "\n") { out += "\n\\ No newline at end of file\n" }
    }
}
