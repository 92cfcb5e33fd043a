import Glibc

/// Cheap clock readings (vDSO `clock_gettime`) in nanoseconds: the clock of
/// `RequestContext.startNanoseconds`, so a middleware measures a request's duration as
/// `MonotonicClock.now() &- context.startNanoseconds`.
public enum MonotonicClock {
    /// Nanoseconds on `CLOCK_MONOTONIC`.
    @inline(__always)
    public static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(truncatingIfNeeded: spec.tv_sec) &* 1_000_000_000
            &+ UInt64(truncatingIfNeeded: spec.tv_nsec)
    }

    /// Whole Unix seconds on the coarse real-time clock (for `Date` headers, see `HTTPDate`).
    @inline(__always)
    public static func unixSeconds() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &spec)
        return Int(spec.tv_sec)
    }
}
