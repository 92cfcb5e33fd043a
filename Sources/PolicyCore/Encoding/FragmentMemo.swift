/// Remembers where in the output a value backed by array storage was already encoded, so
/// that a later value sharing that storage is copied from the earlier output (or from the
/// `FragmentLibrary` of static values) instead of encoded again.
///
/// The generated policies share most of their selectors, peers and port lists
/// copy-on-write (static `ALL_LOKI`, `GATEWAY`, `DNS`, `LOKI_PORTS`, the per-render
/// `L(name)` and `NS(namespace)`), so most of an encoding is repeated fragments. Two live
/// arrays with the same element storage have the same contents, and everything encoded
/// in one call stays alive and unmodified for that call, so an identity hit is exact.
/// A direct-mapped cache: a collision just forgets the older fragment.
struct FragmentMemo {
    /// What identifies an encoding: the storage of up to two arrays of the value and the
    /// output context (kind of value, indentation).
    struct Key: Equatable {
        var first: UnsafeRawPointer?
        var second: UnsafeRawPointer?
        var context: Int
    }

    /// The kinds of value the encoders remember.
    enum Kind: Int {
        case ports, peers, selector, labels
    }

    private(set) var keys: [Key]
    private(set) var ranges: [Range<Int>]
    private let library: FragmentLibrary?

    init(slots: Int = 64, library: FragmentLibrary? = nil) {
        keys = Array(repeating: Key(first: nil, second: nil, context: -1), count: slots)
        ranges = Array(repeating: 0..<0, count: slots)
        self.library = library
    }

    /// Appends the remembered encoding of the value with `key` to `out` — copied from
    /// earlier in `out` or from the library — and returns true; false if there is none.
    @inline(__always)
    func replay(_ key: Key, into out: inout ByteBuffer) -> Bool {
        let slot = FragmentMemo.slot(key, count: keys.count)
        if keys[slot] == key {
            out.appendCopy(of: ranges[slot])
            return true
        }
        if let library, let bytes = library.lookup(key) {
            out.append(bytes)
            return true
        }
        return false
    }

    /// Remembers that the value with this key was encoded as `range` of the output.
    mutating func remember(_ key: Key, _ range: Range<Int>) {
        let slot = FragmentMemo.slot(key, count: keys.count)
        keys[slot] = key
        ranges[slot] = range
    }

    /// The storage identity of `array`; nil for an empty one (whose encoding its kind decides).
    @inline(__always)
    static func identity<T>(_ array: [T]) -> UnsafeRawPointer? {
        array.isEmpty ? nil : array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// The slot of `key` in a table of `count` slots (a power of two).
    @inline(__always)
    static func slot(_ key: Key, count: Int) -> Int {
        let a = UInt(bitPattern: key.first.map { Int(bitPattern: $0) } ?? 0)
        let b = UInt(bitPattern: key.second.map { Int(bitPattern: $0) } ?? 0)
        let mixed = (a >> 4) &* 0x9E37_79B9 ^ (b >> 4) &* 0x85EB_CA6B ^ UInt(bitPattern: key.context)
        return Int(truncatingIfNeeded: (mixed ^ (mixed >> 17)) & UInt(count - 1))
    }
}

extension FragmentMemo.Key {
    /// The key of a value of `kind` backed by the storage `first` (and `second`), encoded at
    /// `indent` (0 in an output without indentation).
    init(_ kind: FragmentMemo.Kind, first: UnsafeRawPointer?, second: UnsafeRawPointer? = nil, indent: Int = 0) {
        self.init(first: first, second: second, context: kind.rawValue | indent << 2)
    }
}
