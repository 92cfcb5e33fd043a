import XCTest

@testable import PolicyCore

/// `ListAlignment` against the rule of api.md taken literally, by brute force: of all
/// longest common subsequences (as index pairs), the one whose old indices are
/// lexicographically least, then whose new indices are.
final class ListAlignmentTests: XCTestCase {
    private func reference(_ a: [Int], _ b: [Int]) -> [[Int]] {
        var best: [(Int, Int)] = []
        func better(_ x: [(Int, Int)], _ y: [(Int, Int)]) -> Bool {
            if x.count != y.count { return x.count > y.count }
            if x.map(\.0) != y.map(\.0) { return x.map(\.0).lexicographicallyPrecedes(y.map(\.0)) }
            return x.map(\.1).lexicographicallyPrecedes(y.map(\.1))
        }
        func extend(_ prefix: [(Int, Int)], _ i: Int, _ j: Int) {
            if better(prefix, best) { best = prefix }
            for x in i..<a.count {
                for y in j..<b.count where a[x] == b[y] { extend(prefix + [(x, y)], x + 1, y + 1) }
            }
        }
        extend([], 0, 0)
        return best.map { [$0.0, $0.1] }
    }

    func testMatchesTheRuleOnSmallLists() throws {
        var rng = SplitMix(seed: 5)
        for round in 0..<3000 {
            let a = (0..<Int(rng.next() % 7)).map { _ in Int(rng.next() % 3) }
            let b = (0..<Int(rng.next() % 7)).map { _ in Int(rng.next() % 3) }
            var budget = DiffBudget()
            let pairs = try ListAlignment.pairs(a, b, budget: &budget)
            XCTAssertEqual(pairs.map { [$0.old, $0.new] }, reference(a, b), "round \(round): \(a) → \(b)")
        }
    }

    func testHeadAndUniqueTailCostNoTable() throws {
        var budget = DiffBudget()
        let old = Array(0..<10_000)
        var new = old
        new.insert(-1, at: 5000)
        let pairs = try ListAlignment.pairs(old, new, budget: &budget)
        XCTAssertEqual(pairs.count, 10_000)
        XCTAssertEqual(budget.spent, 5000 + 5000 + 5001, "head, then counting what is left; no table")
    }

    func testTableIsPaidBeforeItIsBuilt() {
        var budget = DiffBudget(limit: 10_000)
        XCTAssertThrowsError(try ListAlignment.pairs(Array(0..<200), Array(200..<400), budget: &budget))
        XCTAssertEqual(budget.spent, 400, "the 200 × 200 table was refused")
    }
}
