import Glibc

/// The wall clock (`CLOCK_REALTIME`): the time stored with revisions, written to logs and
/// compared with token expiry. It may jump; durations use a monotonic clock instead.
public enum WallClock {
    /// Milliseconds since the Unix epoch, now.
    @Sendable public static func milliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) &* 1_000 &+ Int64(spec.tv_nsec / 1_000_000)
    }
}
