import Glibc

/// Which shard of a sharded recorder the calling thread should use: event-loop threads get
/// their loop index (no two loops share a shard while there are enough shards); other threads
/// (deferred work) hash their thread id.
enum ThreadShard {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Marks the calling thread as event loop `index`.
    static func register(loopIndex index: Int) {
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: index + 1))
    }

    /// A shard index in `0..<count`.
    @inline(__always)
    static func current(count: Int) -> Int {
        if let marker = pthread_getspecific(key) {
            return (Int(bitPattern: marker) - 1) % count
        }
        let hashed = UInt64(truncatingIfNeeded: pthread_self()) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: hashed >> 32) % count
    }
}
