/// A JSON object: unique string keys, kept in input (insertion) order.
///
/// Equality and hashing do not depend on key order (`{"a":1,"b":2}` equals `{"b":2,"a":1}`);
/// the order is kept for document-order error reporting and for `JSONValue.jsonBytes()`.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// The members in stored order; keys are unique.
    public private(set) var entries: [(key: String, value: JSONValue)]

    public init() { entries = [] }

    /// Members in the given order. Later duplicates replace earlier ones in place.
    public init(_ pairs: [(String, JSONValue)]) {
        entries = []
        entries.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    /// Members known to have unique keys (the parsers check this themselves).
    init(uniqueEntries: [(key: String, value: JSONValue)]) { entries = uniqueEntries }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    /// The position of `key` in stored order.
    public func index(forKey key: String) -> Int? {
        entries.firstIndex { $0.key == key }
    }

    /// The value for `key`. Setting `nil` removes the member; setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            for e in entries where e.key == key { return e.value }
            return nil
        }
        set {
            if let i = index(forKey: key) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
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
