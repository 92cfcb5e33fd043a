import Glibc

/// A POSIX mutex with one condition variable, for threads that block until a state changes
/// (`JobQueue`, `ConnectionThread`). Both live at fixed heap addresses, as POSIX requires.
final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        mutex.initialize(to: pthread_mutex_t())
        condition.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` holding the mutex.
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Runs `body` holding the mutex if it is free now; `nil` (without running `body`) when
    /// another thread holds it.
    func withLockIfAvailable<Result>(_ body: () throws -> Result) rethrows -> Result? {
        guard pthread_mutex_trylock(mutex) == 0 else { return nil }
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Releases the mutex until signalled, then holds it again; call only inside `withLock`, in a
    /// loop over the awaited state (wake-ups may be spurious).
    func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Wakes one waiting thread; call inside `withLock`.
    func signal() {
        pthread_cond_signal(condition)
    }

    /// Wakes every waiting thread; call inside `withLock`.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
