import HTTPServer
import Synchronization
import SystemSupport

/// Token buckets of failed authentications per client address (api.md: a bucket of 10,
/// refilled one per 6 s). A client whose bucket is empty is refused (429) before its token is
/// looked at. State is per process (per replica).
final class FailedAuthenticationLimiter: Sendable {
    /// Failures an address may have in a burst.
    static let capacity = 10
    /// One failure is forgiven every 6 seconds.
    static let refillNanoseconds: UInt64 = 6_000_000_000
    /// Addresses tracked before full buckets are forgotten.
    static let pruneThreshold = 10_000

    private struct Bucket {
        var available: Int
        /// When `available` was last brought up to date (monotonic nanoseconds).
        var updatedAt: UInt64
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    /// How many addresses have a bucket: while none has, a request needs no client address.
    private let tracked = Atomic<Int>(0)
    private let clock: @Sendable () -> UInt64

    init(clock: @escaping @Sendable () -> UInt64 = { MonotonicClock.now() }) {
        self.clock = clock
    }

    /// Whether no address has failed recently (the common case: no lookup needed).
    var isIdle: Bool { tracked.load(ordering: .relaxed) == 0 }

    /// Seconds until `client` may try again when its bucket is empty; nil when it may try now.
    func retryAfter(_ client: String) -> Int? {
        let now = clock()
        return buckets.withLock { buckets -> Int? in
            guard var bucket = buckets[client] else { return nil }
            Self.refill(&bucket, now: now)
            buckets[client] = bucket
            guard bucket.available == 0 else { return nil }
            let waited = now &- bucket.updatedAt
            let remaining = Self.refillNanoseconds - min(waited, Self.refillNanoseconds)
            return max(1, Int((remaining + 999_999_999) / 1_000_000_000))
        }
    }

    /// Takes one from `client`'s bucket after a failed authentication.
    func recordFailure(_ client: String) {
        let now = clock()
        buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(available: Self.capacity, updatedAt: now)
            Self.refill(&bucket, now: now)
            bucket.available = max(0, bucket.available - 1)
            buckets[client] = bucket
            if buckets.count > Self.pruneThreshold {
                buckets = buckets.filter { _, value in
                    var value = value
                    Self.refill(&value, now: now)
                    return value.available < Self.capacity
                }
            }
            tracked.store(buckets.count, ordering: .relaxed)
        }
    }

    private static func refill(_ bucket: inout Bucket, now: UInt64) {
        guard bucket.available < capacity else {
            bucket.updatedAt = now
            return
        }
        let earned = (now &- bucket.updatedAt) / refillNanoseconds
        guard earned > 0 else { return }
        let total = bucket.available + Int(min(earned, UInt64(capacity)))
        if total >= capacity {
            bucket.available = capacity
            bucket.updatedAt = now
        } else {
            bucket.available = total
            bucket.updatedAt &+= earned * refillNanoseconds
        }
    }
}
