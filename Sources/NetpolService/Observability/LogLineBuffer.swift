import Glibc
import PolicyCore
import SystemSupport

/// Where a log line is formatted: a JSON writer reused line after line by its thread (no
/// allocation per line) and that thread's copy of the current second's timestamp prefix
/// (formatted once per second per thread, without a lock shared with other threads).
struct LogLineBuffer: ~Copyable {
    /// The line being formatted.
    var line = JSONWriter(reservingCapacity: 512)
    /// The second (since the epoch) `secondPrefix` is of; -1: none yet.
    private var second: Int64 = -1
    /// `YYYY-MM-DDTHH:MM:SS.` of `second`, its first `secondPrefixCount` bytes.
    private var secondPrefix: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var secondPrefixCount = 0
    /// Whether a `withCurrent` call is using this (the thread's) buffer.
    private var inUse = false

    /// An empty buffer, for a line formatted off the thread's buffer.
    init() {}

    /// The per-thread buffers, each allocated on its thread's first line and freed with the thread.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            guard let buffer = raw?.assumingMemoryBound(to: LogLineBuffer.self) else { return }
            buffer.deinitialize(count: 1)
            buffer.deallocate()
        }
        return key
    }()

    /// Calls `body` with the calling thread's buffer, its line empty. A nested call (a line
    /// logged while one is being formatted on the same thread) gets a buffer of its own.
    static func withCurrent<R>(_ body: (inout LogLineBuffer) -> R) -> R {
        let buffer: UnsafeMutablePointer<LogLineBuffer>
        if let raw = pthread_getspecific(key) {
            buffer = raw.assumingMemoryBound(to: LogLineBuffer.self)
        } else {
            buffer = .allocate(capacity: 1)
            buffer.initialize(to: LogLineBuffer())
            pthread_setspecific(key, buffer)
        }
        guard !buffer.pointee.inUse else {
            var own = LogLineBuffer()
            return body(&own)
        }
        buffer.pointee.inUse = true
        defer {
            buffer.pointee.line.removeAll()
            buffer.pointee.inUse = false
        }
        return body(&buffer.pointee)
    }

    /// Appends now as RFC 3339 UTC with milliseconds and `Z` (`2025-11-25T13:00:00.123Z`).
    mutating func appendTimestamp() {
        appendTimestamp(milliseconds: WallClock.milliseconds())
    }

    /// Appends `milliseconds` since the epoch as RFC 3339 UTC with milliseconds and `Z`: the
    /// second's prefix from the cache, formatted when the second differs from the last one's.
    mutating func appendTimestamp(milliseconds now: Int64) {
        let (second, thousandths) = now.quotientAndRemainder(dividingBy: 1_000)
        guard thousandths >= 0 else {  // before 1970: not cached
            line.raw(RFC3339.bytes(milliseconds: now))
            return
        }
        if second != self.second {
            // "…SS.mmmZ" without its last four bytes (at most 26 for any Int64 time; the guard
            // bounds the copy all the same).
            let text = RFC3339.bytes(milliseconds: now)
            let count = text.count - 4
            guard count <= MemoryLayout.size(ofValue: secondPrefix) else {
                line.raw(text)
                return
            }
            self.second = second
            secondPrefixCount = count
            withUnsafeMutableBytes(of: &secondPrefix) { prefix in
                text.withUnsafeBytes { prefix.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            }
        }
        // The prefix's four words, then the milliseconds and `Z` after its last byte.
        let prefix = secondPrefix
        let count = secondPrefixCount
        let millis = Int(truncatingIfNeeded: thousandths)
        line.raw(atMost: MemoryLayout.size(ofValue: prefix) + 4) { target in
            target.storeBytes(of: prefix.0, toByteOffset: 0, as: UInt64.self)
            target.storeBytes(of: prefix.1, toByteOffset: 8, as: UInt64.self)
            target.storeBytes(of: prefix.2, toByteOffset: 16, as: UInt64.self)
            target.storeBytes(of: prefix.3, toByteOffset: 24, as: UInt64.self)
            target.storeBytes(of: UInt8(truncatingIfNeeded: 48 + millis / 100), toByteOffset: count, as: UInt8.self)
            target.storeBytes(of: UInt8(truncatingIfNeeded: 48 + millis / 10 % 10), toByteOffset: count + 1, as: UInt8.self)
            target.storeBytes(of: UInt8(truncatingIfNeeded: 48 + millis % 10), toByteOffset: count + 2, as: UInt8.self)
            target.storeBytes(of: UInt8(ascii: "Z"), toByteOffset: count + 3, as: UInt8.self)
            return count + 4
        }
    }
}
