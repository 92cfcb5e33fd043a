import Glibc

/// Cheap clock readings (vDSO `clock_gettime`): monotonic nanoseconds for durations (HTTPServer's
/// `RequestContext.startNanoseconds`, the service's limiters, the benchmarks), and coarse Unix
/// seconds.
public enum MonotonicClock {
    /// Nanoseconds on `CLOCK_MONOTONIC`.
    @inlinable
    public static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(truncatingIfNeeded: spec.tv_sec) &* 1_000_000_000
            &+ UInt64(truncatingIfNeeded: spec.tv_nsec)
    }

    /// Whole Unix seconds on the coarse real-time clock (for `Date` headers, see `HTTPDate`).
    @inlinable
    public static func unixSeconds() -> Int {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &spec)
        return Int(spec.tv_sec)
    }
}
