/// A shortest edit script between two sequences by the linear-space refinement of
/// Myers' algorithm ("An O(ND) Difference Algorithm and Its Variations", 1986, §4b):
/// find the middle snake of the box still to compare, by searching forward from its
/// top-left corner and backward from its bottom-right corner one edit at a time, then go
/// on with the boxes before and after that snake. Where several scripts are shortest, it
/// chooses as the standard library's `difference(from:)` does (Swift 6.3), so the text
/// diff reads as it did before the budget.
///
/// Its cost is counted in the budget: one operation per diagonal visited (d + 1 per
/// search direction at depth d) and one per pair of equal items passed along a snake or a
/// common head or tail. Memory is linear: two vectors of furthest positions.
struct ShortestEdit {
    /// Offsets of the old items removed.
    private(set) var removed: [Int] = []
    /// Offsets of the new items inserted.
    private(set) var inserted: [Int] = []

    /// A box of the edit graph: old items `left..<right` against new items `top..<bottom`.
    private struct Box {
        var left: Int
        var top: Int
        var right: Int
        var bottom: Int

        var width: Int { right - left }
        var height: Int { bottom - top }
        var size: Int { width + height }
        /// The diagonal (x − y, relative to the top-left corner) of the bottom-right corner.
        var delta: Int { width - height }
    }

    /// One edit found by a search, and the snake after (or before) it, the edit's own
    /// step included.
    private struct MiddleSnake {
        let isInsertion: Bool
        let offset: Int
        let box: Box
    }

    private let a: [Int]
    private let b: [Int]
    /// Furthest x reached forward on each diagonal, at `reach + k`; furthest y reached
    /// backward on each diagonal (relative to the bottom-right corner), at `3 * reach + 1 + c`.
    private var vectors: [Int]
    private let reach: Int

    init(old: [Int], new: [Int], budget: inout DiffBudget) throws(DiffBudget.Spent) {
        a = old
        b = new
        var start = Box(left: 0, top: 0, right: old.count, bottom: new.count)
        try Self.shrink(&start, old, new, budget: &budget)
        reach = start.size
        vectors = [Int](repeating: 0, count: start.size > 0 ? 2 * (2 * reach + 1) : 0)
        var pending: [Box] = []
        var current = start
        while true {
            guard let snake = try middleSnake(current, budget: &budget) else {
                guard let next = pending.popLast() else { return }
                current = next
                continue
            }
            var head = Box(left: current.left, top: current.top, right: snake.left, bottom: snake.top)
            var tail = Box(left: snake.right, top: snake.bottom, right: current.right, bottom: current.bottom)
            try Self.shrink(&head, old, new, budget: &budget)
            try Self.shrink(&tail, old, new, budget: &budget)
            current = head
            pending.append(tail)
        }
    }

    /// Drops the box's common head and tail.
    private static func shrink(_ box: inout Box, _ a: [Int], _ b: [Int], budget: inout DiffBudget)
        throws(DiffBudget.Spent)
    {
        var passed = 0
        while box.left < box.right, box.top < box.bottom, a[box.left] == b[box.top] {
            box.left += 1
            box.top += 1
            passed += 1
        }
        while box.right > box.left, box.bottom > box.top, a[box.right - 1] == b[box.bottom - 1] {
            box.right -= 1
            box.bottom -= 1
            passed += 1
        }
        try budget.spend(passed)
    }

    private func forward(_ k: Int) -> Int { vectors[reach + k] }
    private func backward(_ c: Int) -> Int { vectors[3 * reach + 1 + c] }

    /// Records the box's one edit when it has a single step; otherwise finds its middle
    /// snake, records the edit next to it and returns the snake (that edit's step
    /// included). Nil when the box needs no more search.
    private mutating func middleSnake(_ box: Box, budget: inout DiffBudget) throws(DiffBudget.Spent) -> Box? {
        if box.size <= 1 {
            if box.width == 1 { removed.append(box.left) } else if box.height == 1 { inserted.append(box.top) }
            return nil
        }
        vectors[reach + 1] = box.left
        vectors[3 * reach + 1 + 1] = box.bottom
        // Paths meet going forward in a box of odd delta, backward in one of even delta.
        let odd = box.delta % 2 != 0
        for depth in 0...((box.size + 1) / 2) {
            if let found = try searchForward(box, depth: depth, checking: odd, budget: &budget) {
                return record(found)
            }
            if let found = try searchBackward(box, depth: depth, checking: !odd, budget: &budget) {
                return record(found)
            }
        }
        preconditionFailure("a middle snake exists within (size + 1) / 2 edits")
    }

    private mutating func record(_ snake: MiddleSnake) -> Box {
        if snake.isInsertion { inserted.append(snake.offset) } else { removed.append(snake.offset) }
        return snake.box
    }

    /// One forward step at `depth` on every diagonal, from the highest; with `checking`,
    /// the first path that meets the backward search of the depth before.
    private mutating func searchForward(_ box: Box, depth: Int, checking: Bool, budget: inout DiffBudget)
        throws(DiffBudget.Spent) -> MiddleSnake?
    {
        try budget.spend(depth + 1)
        var k = depth + 2
        while k > -depth {
            k -= 2
            let down = k == -depth || (k != depth && forward(k - 1) < forward(k + 1))
            let left = down ? forward(k + 1) : forward(k - 1)
            var right = down ? left : left + 1
            var bottom = box.top + (right - box.left) - k
            let top = depth == 0 || !down ? bottom : bottom - 1
            let offset = down ? bottom - 1 : left
            let snakeStart = right
            while right < box.right, bottom < box.bottom, a[right] == b[bottom] {
                right += 1
                bottom += 1
            }
            try budget.spend(right - snakeStart)
            vectors[reach + k] = right
            guard checking else { continue }
            let c = k - box.delta
            if c >= -(depth - 1), c <= depth - 1, bottom >= backward(c) {
                return MiddleSnake(
                    isInsertion: down, offset: offset, box: Box(left: left, top: top, right: right, bottom: bottom))
            }
        }
        return nil
    }

    /// One backward step at `depth` on every diagonal, from the highest; with `checking`,
    /// the first path that meets the forward search of the same depth.
    private mutating func searchBackward(_ box: Box, depth: Int, checking: Bool, budget: inout DiffBudget)
        throws(DiffBudget.Spent) -> MiddleSnake?
    {
        try budget.spend(depth + 1)
        var c = depth + 2
        while c > -depth {
            c -= 2
            let k = c + box.delta
            let leftward = c == -depth || (c != depth && backward(c - 1) > backward(c + 1))
            let bottom = leftward ? backward(c + 1) : backward(c - 1)
            var top = leftward ? bottom : bottom - 1
            var left = box.left + (top - box.top) + k
            let right = depth == 0 || !leftward ? left : left + 1
            let offset = leftward ? left : top
            let snakeEnd = left
            while left > box.left, top > box.top, a[left - 1] == b[top - 1] {
                left -= 1
                top -= 1
            }
            try budget.spend(snakeEnd - left)
            vectors[3 * reach + 1 + c] = top
            guard checking else { continue }
            if k >= -depth, k <= depth, left <= forward(k) {
                return MiddleSnake(
                    isInsertion: !leftward, offset: offset, box: Box(left: left, top: top, right: right, bottom: bottom))
            }
        }
        return nil
    }
}
