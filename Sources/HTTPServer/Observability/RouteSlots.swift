/// One metrics shard's request counters of every ``HTTPServerMetrics/RouteSeries``: per series
/// a few slots, each a (method, status) key with its count. A route answers with few distinct
/// methods and statuses, so a request finds its slot in a comparison or two, without hashing.
struct RouteSlots: Sendable {
    /// Slots per series; requests of further (method, status) pairs are counted by their labels.
    static let slotsPerSeries = 8

    /// Per series, `slotsPerSeries` pairs of words: key (0: free) and count. Grown on first use
    /// of a series (series are resolved at start-up, before requests).
    private var words: [UInt64] = []

    /// The slot key of a `methodIndex` (0…9) and `status`; nil for a status outside `UInt32`.
    @inline(__always)
    static func key(methodIndex: Int, status: Int) -> UInt64? {
        guard let status = UInt32(exactly: status) else { return nil }
        return UInt64(methodIndex &+ 1) << 32 | UInt64(status)
    }

    /// The method index a slot key was made of.
    static func methodIndex(of key: UInt64) -> Int { Int(key >> 32) - 1 }

    /// The status a slot key was made of.
    static func status(of key: UInt64) -> Int { Int(key & 0xFFFF_FFFF) }

    /// Counts one request of `series` with `key`; false (nothing counted) when the series' slots
    /// are all taken by other keys.
    @inline(__always)
    mutating func increment(series: Int, key: UInt64) -> Bool {
        let start = series &* (2 &* Self.slotsPerSeries)
        let end = start &+ 2 &* Self.slotsPerSeries
        if end > words.count { words.append(contentsOf: repeatElement(0, count: end - words.count)) }
        return words.withUnsafeMutableBufferPointer { words in
            var slot = start
            while slot < end {
                let found = words[slot]
                if found == key {
                    words[slot &+ 1] &+= 1
                    return true
                }
                if found == 0 {
                    words[slot] = key
                    words[slot &+ 1] = 1
                    return true
                }
                slot &+= 2
            }
            return false
        }
    }

    /// Calls `body` with each used slot: its series index, key and count.
    func forEach(_ body: (_ series: Int, _ key: UInt64, _ count: UInt64) -> Void) {
        var slot = 0
        while slot < words.count {
            if words[slot] != 0 { body(slot / (2 * Self.slotsPerSeries), words[slot], words[slot + 1]) }
            slot += 2
        }
    }
}
