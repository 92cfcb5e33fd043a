/// A growable byte buffer for the encoders' hot paths: appends are a bounds check and a
/// copy, without the uniqueness and capacity bookkeeping of `Array.append` per call.
/// Non-copyable, so the storage has exactly one owner and is freed exactly once.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    deinit { base.deallocate() }

    /// The bytes written so far, as an array.
    var array: [UInt8] {
        [UInt8](UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always)
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
    @inline(__always)
    private static func copy(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count n: Int) {
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

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawBufferPointer(bytes))
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        if count == capacity { grow(minimum: count &+ 1) }
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
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

    private mutating func grow(minimum: Int) {
        var newCapacity = capacity &* 2
        if newCapacity < minimum { newCapacity = minimum }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
