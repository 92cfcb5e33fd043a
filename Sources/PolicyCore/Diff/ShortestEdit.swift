/// A shortest edit script between two sequences by Myers' greedy algorithm ("An O(ND)
/// Difference Algorithm and Its Variations", 1986), with the standard library's choices
/// where several scripts are shortest (on a diagonal reachable both ways, the path from
/// the diagonal below — a removal — unless the one above reaches further), so that the
/// script is the one `difference(from:)` gives.
///
/// Its cost is counted in the budget: one operation per diagonal visited (d + 1 in round
/// d) and one per pair of items compared along a snake. Memory is one `Int32` per
/// diagonal visited, so both are bounded by the budget.
struct ShortestEdit {
    /// Offsets of the old items removed, descending.
    private(set) var removed: [Int] = []
    /// Offsets of the new items inserted, descending.
    private(set) var inserted: [Int] = []

    init(old a: [Int], new b: [Int], budget: inout DiffBudget) throws(DiffBudget.Spent) {
        let n = a.count
        let m = b.count
        // trace[d * (d + 1) / 2 + (k + d) / 2]: the furthest x on diagonal k (x - y) after round d.
        var trace: [Int32] = []
        var rounds = 0
        search: for d in 0...(n + m) {
            try budget.spend(d + 1)
            let previous = (d - 1) * d / 2  // where round d - 1 starts
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if d == 0 {
                    x = 0
                } else if k == -d {
                    x = Int(trace[previous + (k + 1 + d - 1) / 2])
                } else if k == d {
                    x = Int(trace[previous + (k - 1 + d - 1) / 2]) + 1
                } else {
                    let below = Int(trace[previous + (k - 1 + d - 1) / 2])
                    let above = Int(trace[previous + (k + 1 + d - 1) / 2])
                    x = below < above ? above : below + 1
                }
                var y = x - k
                let start = x
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                try budget.spend(x - start)
                trace.append(Int32(x))
                if x >= n, y >= m {
                    rounds = d
                    break search
                }
            }
        }

        // Back from (n, m): each round adds one removal or insertion before its snake.
        var x = n
        var y = m
        for d in stride(from: rounds, to: 0, by: -1) {
            let previous = (d - 1) * d / 2
            func furthest(_ k: Int) -> Int { Int(trace[previous + (k + d - 1) / 2]) }
            let k = x - y
            let fromAbove = k == -d || (k != d && furthest(k - 1) < furthest(k + 1))
            let previousK = fromAbove ? k + 1 : k - 1
            let previousX = furthest(previousK)
            let previousY = previousX - previousK
            if fromAbove { inserted.append(previousY) } else { removed.append(previousX) }
            x = previousX
            y = previousY
        }
    }
}
