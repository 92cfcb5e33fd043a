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

        @inlinable
        init(key: Key, value: Value, bytes: Int) {
            (self.key, self.value, self.bytes) = (key, value, bytes)
        }
    }

    /// A slot's place in the recency list, kept apart from its ``Node`` in ``links``: relinking
    /// a slot on every hit then mutates plain integers in place, instead of optional nodes that
    /// hold a key and a value (each `slots[i]?.older = …` checked the optional and went through
    /// the array's generic `modify` accessor; ≈ 290 instructions per relink for the object cache).
    @usableFromInline
    struct Link {
        /// Towards the most recently used entry (-1 at the head).
        @usableFromInline var newer: Int
        /// Towards the least recently used entry (-1 at the tail).
        @usableFromInline var older: Int

        @inlinable
        init(newer: Int, older: Int) {
            (self.newer, self.older) = (newer, older)
        }
    }

    /// The most bytes the entries may add up to.
    public let budget: Int
    /// The bytes of the entries held.
    @inlinable
    public var bytes: Int { heldBytes }
    @usableFromInline var heldBytes = 0
    /// The entries by slot; `nil` for a free slot (listed in ``freeSlots``).
    @usableFromInline var slots: [Node?] = []
    /// The recency list, by slot (parallel to ``slots``; a free slot's link is unused).
    @usableFromInline var links: [Link] = []
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
        let node = Node(key: key, value: value, bytes: entryBytes)
        let slot: Int
        if let reused = freeSlots.popLast() {
            slot = reused
            slots[slot] = node
        } else {
            slot = slots.count
            slots.append(node)
            links.append(Link(newer: -1, older: -1))
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

    /// Takes the held `slot` out of the recency list.
    @inlinable
    mutating func unlink(_ slot: Int) {
        let link = links[slot]
        if link.newer >= 0 { links[link.newer].older = link.older } else { newest = link.older }
        if link.older >= 0 { links[link.older].newer = link.newer } else { oldest = link.newer }
        links[slot] = Link(newer: -1, older: -1)
    }

    /// Puts the held, unlinked `slot` at the head of the recency list.
    @inlinable
    mutating func linkAsNewest(_ slot: Int) {
        links[slot] = Link(newer: -1, older: newest)
        if newest >= 0 { links[newest].newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }
}
