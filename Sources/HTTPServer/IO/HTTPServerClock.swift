import Synchronization
import SystemSupport

/// The monotonic time the event loops measure timeouts and deadlines against (header, body,
/// idle, send, handshake, linger, shutdown grace).
///
/// `system` follows `CLOCK_MONOTONIC`. A `manual()` clock stands still until `advance(by:)`
/// moves it, which also wakes the loops of every server using it: tests drive timeouts
/// without waiting for them. Request durations in metrics and logs always use real time.
public final class HTTPServerClock: Sendable {
    /// The system's monotonic clock.
    public static let system = HTTPServerClock(manual: false)

    private let isManual: Bool
    private let manualNanoseconds: Atomic<UInt64>
    private let observers = Mutex<[@Sendable () -> Void]>([])

    private init(manual: Bool) {
        isManual = manual
        manualNanoseconds = Atomic(MonotonicClock.now())
    }

    /// A clock that starts at the current monotonic time and only moves by `advance(by:)`.
    public static func manual() -> HTTPServerClock {
        HTTPServerClock(manual: true)
    }

    /// Moves a manual clock forward by `duration` and wakes the event loops that use it.
    /// Has no effect on `system`.
    public func advance(by duration: Duration) {
        guard isManual else { return }
        manualNanoseconds.wrappingAdd(duration.clampedNanoseconds, ordering: .acquiringAndReleasing)
        for observer in observers.withLock({ $0 }) { observer() }
    }

    /// Nanoseconds on this clock.
    func now() -> UInt64 {
        isManual ? manualNanoseconds.load(ordering: .acquiring) : MonotonicClock.now()
    }

    /// Calls `wake` after every `advance(by:)` (manual clocks only; the system clock needs no
    /// wake-ups).
    func onAdvance(_ wake: @escaping @Sendable () -> Void) {
        guard isManual else { return }
        observers.withLock { $0.append(wake) }
    }
}
