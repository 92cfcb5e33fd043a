import Glibc

/// Cheap clock readings (vDSO `clock_gettime`) in nanoseconds.
enum MonotonicClock {
    /// Nanoseconds on `CLOCK_MONOTONIC`.
    @inline(__always)
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(truncatingIfNeeded: spec.tv_sec) &* 1_000_000_000
            &+ UInt64(truncatingIfNeeded: spec.tv_nsec)
    }

    /// Whole Unix seconds on the coarse real-time clock (for `Date` headers).
    @inline(__always)
    static func unixSeconds() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &spec)
        return Int(spec.tv_sec)
    }
}

extension Duration {
    /// The duration in nanoseconds, clamped to `0...UInt64.max / 4` (negative → 0).
    var clampedNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let cap: UInt64 = UInt64.max / 4
        let wholeSeconds = UInt64(seconds)
        guard wholeSeconds < cap / 1_000_000_000 else { return cap }
        return wholeSeconds * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
