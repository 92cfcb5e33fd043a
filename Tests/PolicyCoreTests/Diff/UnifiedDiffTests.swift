import Foundation
import XCTest

@testable import PolicyCore

final class UnifiedDiffTests: XCTestCase {
    func testEqualTextsGiveNothing() {
        XCTAssertEqual(UnifiedDiff.hunks(old: "a\nb\n", new: "a\nb\n"), "")
        XCTAssertEqual(UnifiedDiff.hunks(old: "", new: ""), "")
    }

    func testHeadersAsGNUDiffWritesThem() {
        let cases: [(old: String, new: String, expected: String)] = [
            ("", "x\ny\n", "@@ -0,0 +1,2 @@\n+x\n+y\n"),
            ("x\n", "", "@@ -1 +0,0 @@\n-x\n"),
            ("x\n", "y\n", "@@ -1 +1 @@\n-x\n+y\n"),
            ("x", "x\n", "@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n"),
            ("a\nb\nc\nd\ne\n", "a\nb\nc\nd\ne\nf\n", "@@ -3,3 +3,4 @@\n c\n d\n e\n+f\n"),
            ("a\nb\nc\nd\ne\n", "b\nc\nd\ne\n", "@@ -1,4 +1,3 @@\n-a\n b\n c\n d\n"),
        ]
        for c in cases {
            XCTAssertEqual(UnifiedDiff.hunks(old: c.old, new: c.new), c.expected, "\(c.old.debugDescription) → \(c.new.debugDescription)")
        }
    }

    func testHunksMergeWhenContextsTouchAndSplitOtherwise() {
        let old = (1...13).map { "l\($0)\n" }.joined()
        var merged = old.split(separator: "\n").map(String.init)
        merged[0] = "X"
        merged[7] = "Y"  // six kept lines between: one hunk
        var split = old.split(separator: "\n").map(String.init)
        split[0] = "X"
        split[8] = "Y"  // seven kept lines between: two hunks
        let mergedDiff = UnifiedDiff.hunks(old: old, new: merged.map { $0 + "\n" }.joined())
        let splitDiff = UnifiedDiff.hunks(old: old, new: split.map { $0 + "\n" }.joined())
        XCTAssertEqual(mergedDiff.components(separatedBy: "@@ -").count - 1, 1)
        XCTAssertEqual(splitDiff.components(separatedBy: "@@ -").count - 1, 2)
        XCTAssertTrue(splitDiff.hasPrefix("@@ -1,4 +1,4 @@\n-l1\n+X\n l2\n l3\n l4\n@@ -6,7 +6,7 @@\n"), splitDiff)
    }

    /// Against GNU diff on texts of unique lines (where the minimal edit is unambiguous).
    func testMatchesGNUDiffOnRandomEdits() throws {
        let diffPath = "/usr/bin/diff"
        guard FileManager.default.isExecutableFile(atPath: diffPath) else { throw XCTSkip("no GNU diff") }
        var rng = SplitMix(seed: 42)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unified-diff-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var fresh = 0
        for round in 0..<60 {
            let count = Int(rng.next() % 40)
            let old = (0..<count).map { "line \($0)" }
            var new: [String] = []
            for line in old {
                switch rng.next() % 10 {
                case 0: continue  // delete
                case 1:
                    fresh += 1
                    new.append("new \(fresh)")  // replace
                case 2:
                    fresh += 1
                    new.append(line)
                    new.append("new \(fresh)")  // insert after
                default: new.append(line)
                }
            }
            if rng.next() % 5 == 0 {
                fresh += 1
                new.insert("new \(fresh)", at: 0)
            }
            let oldText = old.map { $0 + "\n" }.joined()
            var newText = new.map { $0 + "\n" }.joined()
            if rng.next() % 10 == 0, !newText.isEmpty { newText.removeLast() }
            let a = dir.appendingPathComponent("a\(round)")
            let b = dir.appendingPathComponent("b\(round)")
            try oldText.write(to: a, atomically: false, encoding: .utf8)
            try newText.write(to: b, atomically: false, encoding: .utf8)
            let gnu = try run(diffPath, ["-u", a.path, b.path])
            let gnuHunks = gnu.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "\n")
            XCTAssertEqual(UnifiedDiff.hunks(old: oldText, new: newText), gnuHunks, "round \(round)")
        }
    }

    /// Texts with many repeated lines (like YAML's `protocol: TCP`): the hunks, applied to
    /// the old text, give the new one.
    func testHunksApplyOnRepetitiveTexts() throws {
        var rng = SplitMix(seed: 7)
        let alphabet = ["- port: 3100", "  protocol: TCP", "- port: 53", "  protocol: UDP", "ports:", "to:"]
        for round in 0..<300 {
            let old = (0..<Int(rng.next() % 30)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            var new = old
            for _ in 0..<Int(rng.next() % 6) {
                let position = new.isEmpty ? 0 : Int(rng.next() % UInt64(new.count + 1))
                if rng.next() % 2 == 0, position < new.count {
                    new.remove(at: position)
                } else {
                    new.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: position)
                }
            }
            let hunks = UnifiedDiff.hunks(old: old.map { $0 + "\n" }.joined(), new: new.map { $0 + "\n" }.joined())
            XCTAssertEqual(hunks.isEmpty, old == new, "round \(round)")
            XCTAssertEqual(try UnifiedPatch.applyHunks(hunks, to: old), new, "round \(round)")
        }
    }

    /// The edit script is the standard library's `difference(from:)` (the text diff before
    /// the budget), so normal diffs read as they did.
    func testShortestEditIsTheStandardLibrarysScript() throws {
        var rng = SplitMix(seed: 11)
        for round in 0..<2000 {
            let old = (0..<Int(rng.next() % 25)).map { _ in Int(rng.next() % 4) }
            var new = old
            for _ in 0..<Int(rng.next() % 8) {
                let position = Int(rng.next() % UInt64(new.count + 1))
                if rng.next() % 2 == 0, position < new.count { new.remove(at: position) } else { new.insert(Int(rng.next() % 5), at: position) }
            }
            if round % 4 == 0 { new = (0..<Int(rng.next() % 25)).map { _ in Int(rng.next() % 4) } }
            var budget = DiffBudget()
            let edit = try ShortestEdit(old: old, new: new, budget: &budget)
            var removed: [Int] = []
            var inserted: [Int] = []
            for change in new.difference(from: old) {
                switch change {
                case .remove(let offset, _, _): removed.append(offset)
                case .insert(let offset, _, _): inserted.append(offset)
                }
            }
            XCTAssertEqual(edit.removed.sorted(), removed.sorted(), "round \(round)")
            XCTAssertEqual(edit.inserted.sorted(), inserted.sorted(), "round \(round)")
        }
    }

    /// Myers' cost: one operation per diagonal visited and per pair passed on a snake.
    func testShortestEditCountsItsOperations() throws {
        var budget = DiffBudget()
        _ = try ShortestEdit(old: [1, 2, 3], new: [1, 2, 3], budget: &budget)
        XCTAssertEqual(budget.spent, 3)  // a common head of three, no search
        budget = DiffBudget()
        _ = try ShortestEdit(old: [1], new: [2], budget: &budget)
        XCTAssertEqual(budget.spent, 1 + 1 + 2 + 2)  // depths 0 and 1, forward and backward
        budget = DiffBudget(limit: 1_000_000)
        _ = try ShortestEdit(old: Array(0..<500), new: Array(500..<1000), budget: &budget)
        XCTAssertEqual(budget.spent, 509_531, "D = 1000")
        budget = DiffBudget(limit: 509_530)
        XCTAssertThrowsError(try ShortestEdit(old: Array(0..<500), new: Array(500..<1000), budget: &budget))
        XCTAssertLessThanOrEqual(budget.spent, 509_530)
    }

    /// Past the budget: one hunk removing every old line and adding every new one.
    func testSpentBudgetGivesOneWholeHunk() {
        let old = (0..<3000).map { "  - a\($0)\n" }.joined()
        let new = (0..<3000).map { "  - b\($0)\n" }.joined()
        let head = "kind: X\n"
        let diff = UnifiedDiff.hunks(old: head + old, new: head + new)
        XCTAssertEqual(diff, "@@ -1,3001 +1,3001 @@\n" + (head + old).split(separator: "\n").map { "-\($0)\n" }.joined()
            + (head + new).split(separator: "\n").map { "+\($0)\n" }.joined())
        // Within the budget the same kind of change is an ordinary diff.
        let small = UnifiedDiff.hunks(old: head + "  - a\n", new: head + "  - b\n")
        XCTAssertEqual(small, "@@ -1,2 +1,2 @@\n kind: X\n-  - a\n+  - b\n")
        XCTAssertEqual(UnifiedDiff.hunks(old: "x\ny", new: "z\n", budget: DiffBudget(limit: 0)), "@@ -1,2 +1 @@\n-x\n-y\n\\ No newline at end of file\n+z\n")
    }

    private func run(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
