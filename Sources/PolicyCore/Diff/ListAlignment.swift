/// The alignment of two lists by content (api.md "Diff and plan"): a longest common
/// subsequence of whole items, as `dyff` aligns lists. Among alignments of equal length
/// the one that keeps the earliest old items wins (the old indices, read in order, are
/// the least lexicographically), and among those the one that uses the earliest new
/// items.
///
/// Items are value ids (`ValueTable`), so equal items compare in O(1). A common head is
/// kept as it is (the rule above always keeps it); so is a common tail while its item
/// occurs once in each remaining list (every longest alignment keeps such an item, so
/// the rule is unchanged). What is left, k old × m new items, is aligned through a
/// k × m table, paid for by the budget before it is built.
enum ListAlignment {
    /// The aligned (old index, new index) pairs, ascending.
    static func pairs(_ old: [Int], _ new: [Int], budget: inout DiffBudget) throws(DiffBudget.Spent)
        -> [(old: Int, new: Int)]
    {
        var head = 0
        while head < old.count, head < new.count, old[head] == new[head] { head += 1 }
        try budget.spend(head)
        var result: [(old: Int, new: Int)] = (0..<head).map { ($0, $0) }
        guard head < old.count, head < new.count else { return result }

        // The common tail of items that occur once on each side.
        try budget.spend(old.count - head + new.count - head)
        var oldCounts: [Int: Int] = [:]
        var newCounts: [Int: Int] = [:]
        for item in old[head...] { oldCounts[item, default: 0] += 1 }
        for item in new[head...] { newCounts[item, default: 0] += 1 }
        var oldEnd = old.count
        var newEnd = new.count
        while oldEnd > head, newEnd > head, old[oldEnd - 1] == new[newEnd - 1],
            oldCounts[old[oldEnd - 1]] == 1, newCounts[new[newEnd - 1]] == 1
        {
            oldEnd -= 1
            newEnd -= 1
        }

        result += try middle(old[head..<oldEnd], new[head..<newEnd], budget: &budget)
        result += (0..<(old.count - oldEnd)).map { (oldEnd + $0, newEnd + $0) }
        return result
    }

    /// The rule's alignment of two slices, by their table of suffix LCS lengths.
    private static func middle(_ old: ArraySlice<Int>, _ new: ArraySlice<Int>, budget: inout DiffBudget)
        throws(DiffBudget.Spent) -> [(old: Int, new: Int)]
    {
        let n = old.count
        let m = new.count
        guard n > 0, m > 0 else { return [] }
        try budget.spend(n * m)
        let a = Array(old)
        let b = Array(new)
        // lengths[i * width + j]: the LCS length of a[i...] and b[j...].
        let width = m + 1
        var lengths = [Int32](repeating: 0, count: (n + 1) * width)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i * width + j] =
                    a[i] == b[j]
                    ? lengths[(i + 1) * width + j + 1] + 1
                    : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
            }
        }
        var positions: [Int: [Int]] = [:]
        for (j, item) in b.enumerated() { positions[item, default: []].append(j) }

        // Greedily the earliest old item that can start an alignment of the length still
        // needed, matched with its earliest new occurrence (which leaves the most behind it).
        var result: [(old: Int, new: Int)] = []
        var j = 0
        var needed = lengths[0]
        var i = 0
        while needed > 0, i < n {
            try budget.spend(1)
            if let occurrences = positions[a[i]], let k = firstIndex(in: occurrences, notBelow: j),
                lengths[(i + 1) * width + occurrences[k] + 1] == needed - 1
            {
                result.append((old.startIndex + i, new.startIndex + occurrences[k]))
                j = occurrences[k] + 1
                needed -= 1
            }
            i += 1
        }
        return result
    }

    /// The index of the first element of the ascending `values` that is ≥ `bound`.
    private static func firstIndex(in values: [Int], notBelow bound: Int) -> Int? {
        var low = 0
        var high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < bound { low = mid + 1 } else { high = mid }
        }
        return low < values.count ? low : nil
    }
}
