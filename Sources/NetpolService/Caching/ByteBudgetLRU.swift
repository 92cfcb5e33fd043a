/// A map bounded by the bytes of its entries: past its budget the least recently used
/// entries are evicted. Every operation is O(1) (a dictionary plus an index-linked list).
/// Not thread-safe: the caches wrap it in a lock.
struct ByteBudgetLRU<Key: Hashable, Value> {
    private struct Node {
        var key: Key
        var value: Value
        var bytes: Int
        /// Towards the most recently used entry (-1 at the head).
        var newer: Int
        /// Towards the least recently used entry (-1 at the tail).
        var older: Int
    }

    /// The most bytes the entries may add up to.
    let budget: Int
    /// The bytes of the entries held.
    private(set) var bytes = 0
    private var slots: [Node?] = []
    private var freeSlots: [Int] = []
    private var index: [Key: Int] = [:]
    private var newest = -1
    private var oldest = -1

    /// An empty map holding at most `budget` bytes (at least 1).
    init(budget: Int) {
        self.budget = max(1, budget)
    }

    /// The number of entries.
    var count: Int { index.count }

    /// The value of `key`, which becomes the most recently used entry.
    mutating func value(_ key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        if slot != newest {
            unlink(slot)
            linkAsNewest(slot)
        }
        return slots[slot]?.value
    }

    /// Stores `value` of `bytes` bytes under `key` as the most recently used entry, then evicts
    /// the least recently used entries until the budget holds. A value larger than the whole
    /// budget is not stored (and replaces nothing: the old entry is removed).
    mutating func insert(_ key: Key, _ value: Value, bytes entryBytes: Int) {
        remove(key)
        guard entryBytes <= budget else { return }
        let node = Node(key: key, value: value, bytes: entryBytes, newer: -1, older: -1)
        let slot: Int
        if let reused = freeSlots.popLast() {
            slot = reused
            slots[slot] = node
        } else {
            slot = slots.count
            slots.append(node)
        }
        index[key] = slot
        bytes += entryBytes
        linkAsNewest(slot)
        while bytes > budget, oldest >= 0, let victim = slots[oldest]?.key {
            remove(victim)
        }
    }

    /// Removes the entry of `key`, if any.
    mutating func remove(_ key: Key) {
        guard let slot = index.removeValue(forKey: key) else { return }
        unlink(slot)
        bytes -= slots[slot]?.bytes ?? 0
        slots[slot] = nil
        freeSlots.append(slot)
    }

    private mutating func unlink(_ slot: Int) {
        guard let node = slots[slot] else { return }
        if node.newer >= 0 { slots[node.newer]?.older = node.older } else { newest = node.older }
        if node.older >= 0 { slots[node.older]?.newer = node.newer } else { oldest = node.newer }
        slots[slot]?.newer = -1
        slots[slot]?.older = -1
    }

    private mutating func linkAsNewest(_ slot: Int) {
        slots[slot]?.older = newest
        slots[slot]?.newer = -1
        if newest >= 0 { slots[newest]?.newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }
}
