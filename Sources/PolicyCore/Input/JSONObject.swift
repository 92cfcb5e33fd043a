/// A JSON object: unique string keys, kept in input (insertion) order.
///
/// Equality and hashing do not depend on key order (`{"a":1,"b":2}` equals `{"b":2,"a":1}`);
/// the order is kept for document-order error reporting and for `JSONValue.jsonBytes()`.
/// Lookups cost O(1) whatever the size: objects with more than `indexedCount` members keep
/// their positions by key (an input may hold a mapping of 70,000 keys).
public struct JSONObject: Sendable, Hashable, Sequence {
    /// The members in stored order; keys are unique.
    public private(set) var entries: [(key: String, value: JSONValue)]
    /// Each key's position in `entries`, kept once the object has more than `indexedCount`
    /// members (below that a linear search is cheaper than hashing).
    private var positions: [String: Int]?
    /// The size above which `positions` is kept.
    static let indexedCount = 16

    public init() { entries = [] }

    /// Members in the given order. Later duplicates replace earlier ones in place.
    public init(_ pairs: [(String, JSONValue)]) {
        entries = []
        entries.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    /// Members known to have unique keys (the parsers check this themselves).
    init(uniqueEntries: [(key: String, value: JSONValue)]) {
        entries = uniqueEntries
        if entries.count > Self.indexedCount { positions = Self.positions(of: entries) }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    /// The position of `key` in stored order.
    public func index(forKey key: String) -> Int? {
        if let positions { return positions[key] }
        return entries.firstIndex { $0.key == key }
    }

    /// The value for `key`. Setting `nil` removes the member; setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { index(forKey: key).map { entries[$0].value } }
        set {
            if let i = index(forKey: key) {
                if let newValue {
                    entries[i].value = newValue
                } else {
                    entries.remove(at: i)
                    positions = entries.count > Self.indexedCount ? Self.positions(of: entries) : nil
                }
            } else if let newValue {
                entries.append((key, newValue))
                if positions != nil {
                    positions?[key] = entries.count - 1
                } else if entries.count > Self.indexedCount {
                    positions = Self.positions(of: entries)
                }
            }
        }
    }

    /// Lets `change` rewrite each member's value in place, in stored order (keys stay as they
    /// are); true when any call returned true. O(n), where looking each key up would not be.
    public mutating func updateValues(_ change: (_ key: String, _ value: inout JSONValue) -> Bool) -> Bool {
        var any = false
        for i in entries.indices where change(entries[i].key, &entries[i].value) { any = true }
        return any
    }

    private static func positions(of entries: [(key: String, value: JSONValue)]) -> [String: Int] {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(entries.count)
        for (i, e) in entries.enumerated() { positions[e.key] = i }
        return positions
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
        entries.makeIterator()
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.entries.count == b.entries.count else { return false }
        for (i, e) in a.entries.enumerated() {
            // Same position first: the common case of equal key order costs no search.
            if b.entries[i].key == e.key {
                if b.entries[i].value != e.value { return false }
            } else if b[e.key] != e.value {
                return false
            }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var combined = 0
        for e in entries {
            var h = Hasher()
            h.combine(e.key)
            h.combine(e.value)
            combined = combined &+ h.finalize()
        }
        hasher.combine(entries.count)
        hasher.combine(combined)
    }
}
