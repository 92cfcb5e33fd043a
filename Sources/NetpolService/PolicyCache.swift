import Synchronization

/// The current revision's policies per live stack, ready to send: `GET …/policies` is
/// answered from memory, without a database read or a re-render.
///
/// Writes invalidate the stack's entry after they commit. A fill that raced with a write
/// is dropped: every fill carries the epoch read before its database read, and an
/// invalidation bumps the epoch, so stale bytes are never stored.
final class PolicyCache: Sendable {
    /// The encoded current policies of one stack.
    struct Entry: Sendable {
        /// The revision number.
        var revision: Int
        /// `"sha256:<hex>"` with quotes: the strong ETag of both representations.
        var etag: String
        /// The render result JSON plus `revision`.
        var json: [UInt8]
        /// The kubectl-ready YAML stream (empty when disabled).
        var yaml: [UInt8]
    }

    private struct State {
        var entries: [StackPath: Entry] = [:]
        var epoch: UInt64 = 0
    }

    private let state = Mutex(State())
    /// The most entries kept; when full, an arbitrary entry makes room.
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
    }

    /// The cached entry of a stack.
    func entry(_ stack: StackPath) -> Entry? {
        state.withLock { $0.entries[stack] }
    }

    /// The epoch to pass to `fill` (read it before reading the database).
    func currentEpoch() -> UInt64 {
        state.withLock { $0.epoch }
    }

    /// Stores an entry read at `epoch`, unless a write invalidated anything since.
    func fill(_ stack: StackPath, _ entry: Entry, epoch: UInt64) {
        state.withLock { state in
            guard state.epoch == epoch else { return }
            if state.entries.count >= capacity, state.entries[stack] == nil, let victim = state.entries.keys.first {
                state.entries[victim] = nil
            }
            state.entries[stack] = entry
        }
    }

    /// Drops a stack's entry after a committed write (and bars concurrent fills).
    func invalidate(_ stack: StackPath) {
        state.withLock { state in
            state.epoch &+= 1
            state.entries[stack] = nil
        }
    }

    /// The number of cached stacks.
    var count: Int { state.withLock { $0.entries.count } }
}
