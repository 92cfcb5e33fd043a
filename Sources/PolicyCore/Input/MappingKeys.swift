/// The keys of one map being parsed, for duplicate detection in O(1) amortized per key (JSON and
/// YAML parsers alike).
///
/// Small maps are scanned linearly; from `linearScanLimit` keys on, the keys live in a hash set
/// that only the owner mutates. `work` counts key comparisons and key hashings (the set's build
/// included, and any copy of a shared set), so that tests can assert that detecting duplicates
/// among n keys costs O(n), never the O(n²) of a set copied on every insertion.
struct MappingKeys {
    /// Below this many keys, a linear scan is cheaper than hashing.
    static let linearScanLimit = 12

    private var small: [String] = []
    private var set: Set<String>? = nil
    /// Comparisons and hashings done so far.
    private(set) var work = 0

    /// Records `key`; false when the map already has it.
    mutating func insert(_ key: String) -> Bool {
        if set == nil {
            work += small.count
            if small.contains(key) { return false }
            if small.count + 1 < Self.linearScanLimit {
                small.append(key)
                return true
            }
            work += small.count
            var keys = Set(small)
            small = []
            work += 1
            keys.insert(key)
            set = keys
            return true
        }
        // Take the set out of the optional so that it is uniquely referenced while it grows.
        guard var keys = set.take() else { return true }
        work += 1
        let inserted = keys.insert(key).inserted
        set = keys
        return inserted
    }
}
