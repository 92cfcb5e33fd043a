/// A map bounded by the bytes of its entries: past its budget the least recently used
/// entries are evicted. Every operation is O(1) (a dictionary plus an index-linked list).
/// Not thread-safe: the caches wrap it in a lock (the service's caches, the SQLite store's object
/// bodies). Inlinable, so that each client specialises it for its key and value types (unspecialised,
/// a lookup cost ≈ 5,000 instructions of generic metadata and witness calls).
public struct ByteBudgetLRU<Key: Hashable, Value> {
    @usableFromInline
    struct Node {
        @usableFromInline var key: Key
        @usableFromInline var value: Value
        @usableFromInline var bytes: Int
        /// Towards the most recently used entry (-1 at the head).
        @usableFromInline var newer: Int
        /// Towards the least recently used entry (-1 at the tail).
        @usableFromInline var older: Int

        @inlinable
        init(key: Key, value: Value, bytes: Int, newer: Int, older: Int) {
            (self.key, self.value, self.bytes, self.newer, self.older) = (key, value, bytes, newer, older)
        }
    }

    /// The most bytes the entries may add up to.
    public let budget: Int
    /// The bytes of the entries held.
    @inlinable
    public var bytes: Int { heldBytes }
    @usableFromInline var heldBytes = 0
    @usableFromInline var slots: [Node?] = []
    @usableFromInline var freeSlots: [Int] = []
    @usableFromInline var index: [Key: Int] = [:]
    @usableFromInline var newest = -1
    @usableFromInline var oldest = -1

    /// An empty map holding at most `budget` bytes (at least 1).
    @inlinable
    public init(budget: Int) {
        self.budget = max(1, budget)
    }

    /// The number of entries.
    @inlinable
    public var count: Int { index.count }

    /// The value of `key`, which becomes the most recently used entry.
    @inlinable
    public mutating func value(_ key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        if slot != newest {
            unlink(slot)
            linkAsNewest(slot)
        }
        return Self.value(in: &slots[slot])
    }

    /// The value of `node`, read in place: `slots[slot]?.value` would copy the whole node
    /// (retaining and releasing its key) to read one field.
    @inlinable
    static func value(in node: inout Node?) -> Value? {
        node?.value
    }

    /// Stores `value` of `bytes` bytes under `key` as the most recently used entry, then evicts
    /// the least recently used entries until the budget holds. A value larger than the whole
    /// budget is not stored (and replaces nothing: the old entry is removed).
    @inlinable
    public mutating func insert(_ key: Key, _ value: Value, bytes entryBytes: Int) {
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
        heldBytes += entryBytes
        linkAsNewest(slot)
        while heldBytes > budget, oldest >= 0, let victim = slots[oldest]?.key {
            remove(victim)
        }
    }

    /// Removes the entry of `key`, if any.
    @inlinable
    public mutating func remove(_ key: Key) {
        guard let slot = index.removeValue(forKey: key) else { return }
        unlink(slot)
        heldBytes -= slots[slot]?.bytes ?? 0
        slots[slot] = nil
        freeSlots.append(slot)
    }

    @inlinable
    mutating func unlink(_ slot: Int) {
        guard let node = slots[slot] else { return }
        if node.newer >= 0 { slots[node.newer]?.older = node.older } else { newest = node.older }
        if node.older >= 0 { slots[node.older]?.newer = node.newer } else { oldest = node.newer }
        slots[slot]?.newer = -1
        slots[slot]?.older = -1
    }

    @inlinable
    mutating func linkAsNewest(_ slot: Int) {
        slots[slot]?.older = newest
        slots[slot]?.newer = -1
        if newest >= 0 { slots[newest]?.newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }
}
