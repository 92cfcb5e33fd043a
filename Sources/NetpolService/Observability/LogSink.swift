import Glibc
import Synchronization

/// The shared destination of log lines: a bounded buffer that a writer thread of its own
/// drains to a file descriptor (stderr by default).
///
/// Logging never blocks the caller on the descriptor: `write` only appends to the buffer (or,
/// when the buffer is full because the reader is slow or stalled, drops the whole line and
/// counts it in `droppedLines`). The writer writes when the buffer passes 32 KiB, at once for
/// a `warning` or worse, and at least every `flushIntervalMilliseconds`; with nothing buffered
/// it sleeps until a line arrives (an idle server's writer does not wake on a timer).
public final class LogSink: @unchecked Sendable {
    /// The descriptor lines are written to.
    public let descriptor: Int32
    /// The most bytes buffered; a line that does not fit is dropped.
    public let capacity: Int
    /// Lines are written at least this often.
    public let flushIntervalMilliseconds: Int

    /// Default `capacity`: 1 MiB (about 4,000 access-log lines).
    public static let defaultCapacity = 1 << 20
    /// Buffered bytes past which the writer is woken before its interval ends.
    private static let wakeThreshold = 32 * 1024
    /// How long `shutdown` waits for buffered lines to be written.
    private static let shutdownWaitMilliseconds = 2_000

    // `condition` signals new work to the writer and its exit to `shutdown`.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    /// Guarded by `mutex`. Behind a pointer, not stored properties: no exclusivity checks on
    /// the event loops' path.
    private let state: UnsafeMutablePointer<State>
    private let dropped = Atomic<UInt64>(0)

    /// What `mutex` guards.
    private struct State {
        /// Lines not yet handed to the writer: `pendingCount` bytes, room for `capacity`.
        var pending: UnsafeMutablePointer<UInt8>
        var pendingCount = 0
        /// The writer thread's batch, swapped with `pending` (room for `capacity`).
        var batch: UnsafeMutablePointer<UInt8>
        var urgent = false
        var stopping = false
        var writerRunning = false
        /// The writer found nothing to write and waits for a line, without a deadline.
        var writerIdle = false
        /// The times the writer took a batch (tests).
        var batches = 0
    }

    /// A sink writing to `descriptor` (default stderr), buffering at most `capacity` bytes.
    public init(descriptor: Int32 = 2, capacity: Int = LogSink.defaultCapacity, flushIntervalMilliseconds: Int = 50) {
        self.descriptor = descriptor
        self.capacity = max(4096, capacity)
        self.flushIntervalMilliseconds = max(1, flushIntervalMilliseconds)
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        // Allocated, not touched: pages become resident as lines fill them.
        state = .allocate(capacity: 1)
        state.initialize(to: State(pending: .allocate(capacity: self.capacity), batch: .allocate(capacity: self.capacity)))
    }

    deinit {
        state.pointee.pending.deallocate()
        state.pointee.batch.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// The batches the writer thread has taken so far (tests: an idle writer takes none).
    var writerBatches: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return state.pointee.batches
    }

    /// Lines dropped since start because the buffer was full.
    public var droppedLines: UInt64 { dropped.load(ordering: .relaxed) }

    /// Starts the writer thread. Without it, lines are written only by `flush()` / `shutdown()`.
    public func startFlusher() {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard !state.pointee.writerRunning, !state.pointee.stopping else { return }
        let unmanaged = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let sink = Unmanaged<LogSink>.fromOpaque(raw).takeRetainedValue()
            sink.runWriter()
            return nil
        }, unmanaged.toOpaque())
        if status == 0 {
            pthread_detach(thread)
            state.pointee.writerRunning = true
        } else {
            unmanaged.release()
        }
    }

    /// Appends `line` without blocking on I/O; drops it (and counts it) when the buffer is
    /// full. `now` asks the writer to write at once (warnings and worse).
    func write(_ line: UnsafeBufferPointer<UInt8>, flush now: Bool) {
        pthread_mutex_lock(mutex)
        let count = state.pointee.pendingCount
        guard line.count <= capacity &- count else {
            pthread_mutex_unlock(mutex)
            dropped.add(1, ordering: .relaxed)
            return
        }
        if let source = line.baseAddress {
            (state.pointee.pending + count).update(from: source, count: line.count)
        }
        state.pointee.pendingCount = count &+ line.count
        var wake = false
        if now && !state.pointee.urgent {
            state.pointee.urgent = true
            wake = true
        } else if count < Self.wakeThreshold && count &+ line.count >= Self.wakeThreshold {
            wake = true
        } else if count == 0 && state.pointee.writerIdle {
            // The first line after a quiet spell starts the writer's gathering interval.
            state.pointee.writerIdle = false
            wake = true
        }
        if wake { pthread_cond_broadcast(condition) }
        pthread_mutex_unlock(mutex)
    }

    /// Asks the writer to write what is buffered now (or, without a writer, writes it on the
    /// calling thread, waiting at most two seconds for a stalled reader).
    public func flush() {
        pthread_mutex_lock(mutex)
        if state.pointee.writerRunning {
            state.pointee.urgent = true
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
            return
        }
        let bytes = [UInt8](UnsafeBufferPointer(start: state.pointee.pending, count: state.pointee.pendingCount))
        state.pointee.pendingCount = 0
        pthread_mutex_unlock(mutex)
        _ = bytes.withUnsafeBytes { writeAll($0, deadline: Self.deadline(afterMilliseconds: Self.shutdownWaitMilliseconds)) }
    }

    /// Stops the writer after it wrote what is buffered. Waits at most two seconds: a stalled
    /// reader cannot keep the process from exiting (what is left is dropped).
    public func shutdown() {
        pthread_mutex_lock(mutex)
        state.pointee.stopping = true
        pthread_cond_broadcast(condition)
        let writer = state.pointee.writerRunning
        if writer {
            var deadline = Self.deadline(afterMilliseconds: Self.shutdownWaitMilliseconds)
            while state.pointee.writerRunning {
                if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { break }
            }
        }
        pthread_mutex_unlock(mutex)
        if !writer { flush() }
    }

    // MARK: - Writer thread

    private func runWriter() {
        pthread_mutex_lock(mutex)
        while true {
            // Nothing to write: sleep until a line (or a flush or the shutdown) arrives.
            while state.pointee.pendingCount == 0 && !state.pointee.urgent && !state.pointee.stopping {
                state.pointee.writerIdle = true
                pthread_cond_wait(condition, mutex)
            }
            state.pointee.writerIdle = false
            // Gather lines for one interval unless asked to write sooner.
            var deadline = Self.deadline(afterMilliseconds: flushIntervalMilliseconds)
            while !state.pointee.urgent && !state.pointee.stopping && state.pointee.pendingCount < Self.wakeThreshold {
                if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { break }
            }
            state.pointee.urgent = false
            state.pointee.batches += 1
            let batch = UnsafeRawBufferPointer(start: state.pointee.pending, count: state.pointee.pendingCount)
            swap(&state.pointee.batch, &state.pointee.pending)
            state.pointee.pendingCount = 0
            if state.pointee.stopping && batch.isEmpty { break }
            pthread_mutex_unlock(mutex)
            // Off every event loop: a blocking write may wait for the reader as long as it takes.
            _ = writeAll(batch, deadline: nil)
            pthread_mutex_lock(mutex)
        }
        state.pointee.writerRunning = false
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Writes `bytes`; with a `deadline`, only while the descriptor becomes writable before
    /// it, in pieces that a pipe takes without blocking. False when not everything was written.
    private func writeAll(_ raw: UnsafeRawBufferPointer, deadline: timespec?) -> Bool {
        var offset = 0
        while offset < raw.count {
            var chunk = raw.count - offset
            if let deadline {
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                let left = (deadline.tv_sec - now.tv_sec) * 1000 + (deadline.tv_nsec - now.tv_nsec) / 1_000_000
                guard left > 0 else { return false }
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&poller, 1, Int32(clamping: left))
                if ready < 0 && errno == EINTR { continue }
                guard ready > 0, poller.revents & Int16(POLLOUT) != 0 else { return false }
                chunk = min(chunk, Int(PIPE_BUF))
            }
            let written = Glibc.write(descriptor, raw.baseAddress! + offset, chunk)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// A `CLOCK_MONOTONIC` time `milliseconds` from now.
    private static func deadline(afterMilliseconds milliseconds: Int) -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        let nanoseconds = Int(time.tv_nsec) + (milliseconds % 1000) * 1_000_000
        time.tv_sec += milliseconds / 1000 + nanoseconds / 1_000_000_000
        time.tv_nsec = nanoseconds % 1_000_000_000
        return time
    }
}
