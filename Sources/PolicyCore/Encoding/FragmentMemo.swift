/// Remembers where in the output a value backed by array storage was already encoded, so
/// that a later value sharing that storage is copied from the earlier output instead of
/// encoded again.
///
/// The generated policies share most of their selectors, peers and port lists
/// copy-on-write (static `ALL_LOKI`, `GATEWAY`, `DNS`, `LOKI_PORTS`, the per-render
/// `L(name)` and `NS(namespace)`), so most of an encoding is repeated fragments. Two live
/// arrays with the same element storage have the same contents, and everything encoded
/// in one call stays alive and unmodified for that call, so an identity hit is exact.
/// A direct-mapped cache: a collision just forgets the older fragment.
struct FragmentMemo {
    /// What identifies an encoding: the storage of up to two arrays of the value and the
    /// output context (kind of value, indentation, line state).
    struct Key: Equatable {
        var first: UnsafeRawPointer?
        var second: UnsafeRawPointer?
        var context: Int
    }

    private var keys: [Key]
    private var ranges: [Range<Int>]
    private static let slotCount = 64

    init() {
        keys = Array(repeating: Key(first: nil, second: nil, context: -1), count: FragmentMemo.slotCount)
        ranges = Array(repeating: 0..<0, count: FragmentMemo.slotCount)
    }

    /// The output range of an earlier encoding with this key, if remembered.
    func lookup(_ key: Key) -> Range<Int>? {
        let slot = FragmentMemo.slot(key)
        return keys[slot] == key ? ranges[slot] : nil
    }

    /// Remembers that the value with this key was encoded as `range` of the output.
    mutating func remember(_ key: Key, _ range: Range<Int>) {
        let slot = FragmentMemo.slot(key)
        keys[slot] = key
        ranges[slot] = range
    }

    /// The storage identity of `array`; nil for an empty one (never memoised alone).
    @inline(__always)
    static func identity<T>(_ array: [T]) -> UnsafeRawPointer? {
        array.isEmpty ? nil : array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    private static func slot(_ key: Key) -> Int {
        let a = UInt(bitPattern: key.first.map { Int(bitPattern: $0) } ?? 0)
        let b = UInt(bitPattern: key.second.map { Int(bitPattern: $0) } ?? 0)
        let mixed = (a >> 4) &* 0x9E37_79B9 ^ (b >> 4) &* 0x85EB_CA6B ^ UInt(bitPattern: key.context)
        return Int(truncatingIfNeeded: (mixed ^ (mixed >> 17)) & UInt(slotCount - 1))
    }
}
