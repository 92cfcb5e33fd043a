/// A growable byte buffer for the encoders' hot paths: appends are a bounds check and a
/// copy, without the uniqueness and capacity bookkeeping of `Array.append` per call.
/// Non-copyable, so the storage has exactly one owner and is freed exactly once.
/// Its appends are inlinable: ``JSONWriter``'s appends inline into other modules' code.
@usableFromInline
struct ByteBuffer: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    /// Bytes written so far.
    @usableFromInline var count: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    @inlinable deinit { base.deallocate() }

    /// The bytes written so far, as an array.
    var array: [UInt8] {
        [UInt8](UnsafeBufferPointer(start: base, count: count))
    }

    /// Calls `body` with the bytes written so far, in place.
    @inlinable
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Appends what `body` writes straight into the buffer: it gets room for `maximum` bytes
    /// and returns how many of them it wrote.
    @inlinable @inline(__always)
    mutating func append(atMost maximum: Int, _ body: (UnsafeMutableRawPointer) -> Int) {
        if maximum > capacity &- count { grow(minimum: count &+ maximum) }
        count &+= body(UnsafeMutableRawPointer(base + count))
    }

    /// Forgets the bytes written, keeping the capacity.
    mutating func removeAll() {
        count = 0
    }

    @inlinable @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if n > capacity &- count { grow(minimum: count &+ n) }
        if let source = bytes.baseAddress {
            ByteBuffer.copy(from: source, to: UnsafeMutableRawPointer(base + count), count: n)
        }
        count &+= n
    }

    /// Copies `n` bytes; short copies (most appends are a few bytes of punctuation or a
    /// short string) with two overlapping word moves instead of a `memcpy` call.
    @inlinable @inline(__always)
    static func copy(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count n: Int) {
        if n >= 8 && n <= 16 {
            let head = source.loadUnaligned(as: UInt64.self)
            let tail = source.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
        } else if n >= 4 && n < 8 {
            let head = source.loadUnaligned(as: UInt32.self)
            let tail = source.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
        } else if n < 4 {
            var i = 0
            while i < n {
                target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
                i &+= 1
            }
        } else {
            target.copyMemory(from: source, byteCount: n)
        }
    }

    @inlinable @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawBufferPointer(bytes))
    }

    @inlinable @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    @inlinable @inline(__always)
    mutating func append(byte: UInt8) {
        if count == capacity { grow(minimum: count &+ 1) }
        base[count] = byte
        count &+= 1
    }

    @inlinable @inline(__always)
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Appends a copy of bytes already written (`range` within `0..<count`).
    mutating func appendCopy(of range: Range<Int>) {
        let n = range.count
        guard n > 0, range.lowerBound >= 0, range.upperBound <= count else { return }
        if n > capacity &- count { grow(minimum: count &+ n) }
        ByteBuffer.copy(from: base + range.lowerBound, to: UnsafeMutableRawPointer(base + count), count: n)
        count &+= n
    }

    /// Appends `count` spaces.
    mutating func appendSpaces(_ n: Int) {
        guard n > 0 else { return }
        if n > capacity &- count { grow(minimum: count &+ n) }
        (base + count).initialize(repeating: UInt8(ascii: " "), count: n)
        count &+= n
    }

    @usableFromInline
    mutating func grow(minimum: Int) {
        var newCapacity = capacity &* 2
        if newCapacity < minimum { newCapacity = minimum }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
