/// Encodings of static values (the generator's constant selectors, peer and port lists),
/// made once per process by the encoders themselves and keyed by storage identity like
/// `FragmentMemo`, so that even their first use in an output is a copy.
///
/// Only immortal, immutable values (`static let`s) may be seeded: their storage never
/// goes away, so an address can never be reused by another value.
struct FragmentLibrary: @unchecked Sendable {
    private let keys: [FragmentMemo.Key]
    private let ranges: [Range<Int>]
    /// The encoded bytes; allocated once and never freed (the library lives as long as the process).
    private let arena: UnsafeRawPointer

    /// The fragments `memo` remembered while `bytes` was written.
    init(memo: FragmentMemo, bytes: [UInt8]) {
        keys = memo.keys
        ranges = memo.ranges
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { storage.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(storage), byteCount: $0.count) }
        arena = UnsafeRawPointer(storage)
    }

    /// The encoding of the value with `key`, if seeded.
    @inline(__always)
    func lookup(_ key: FragmentMemo.Key) -> UnsafeRawBufferPointer? {
        let slot = FragmentMemo.slot(key, count: keys.count)
        guard keys[slot] == key else { return nil }
        let range = ranges[slot]
        return UnsafeRawBufferPointer(start: arena + range.lowerBound, count: range.count)
    }
}

/// The static values the encoders seed their `FragmentLibrary` with.
struct FragmentSeeds: Sendable {
    var selectors: [LabelSelector]
    var peerLists: [[NetworkPolicyPeer]]
    var portLists: [[NetworkPolicyPort]]
}
