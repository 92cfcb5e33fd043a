import Synchronization

/// The current revision's policies per live stack, ready to send: `GET …/policies` is
/// answered from memory, without a database read or a re-render.
///
/// Bounded by bytes (``Entry/bytes``: both encodings, the tag and the stack's path), least
/// recently used entries evicted first. Writes invalidate the stack's entry after they commit.
/// A fill that raced with a write is dropped: every fill carries the epoch read before its
/// database read, and an invalidation bumps the epoch, so stale bytes are never stored.
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

        /// What the entry counts against the budget: its encodings and tag, plus
        /// ``PolicyCache/entryOverhead`` for the key and bookkeeping.
        var bytes: Int { json.count + yaml.count + etag.utf8.count + PolicyCache.entryOverhead }
    }

    private struct State {
        var entries: ByteBudgetLRU<StackPath, Entry>
        var epoch: UInt64 = 0
    }

    /// Bytes counted per entry on top of its encodings (stack path, dictionary and list slots).
    static let entryOverhead = 256

    private let state: Mutex<State>
    /// The most bytes the entries may add up to.
    let budget: Int

    /// A cache holding at most `budget` bytes of entries (default 64 MiB).
    init(budget: Int = 64 << 20) {
        self.budget = max(1, budget)
        state = Mutex(State(entries: ByteBudgetLRU(budget: budget)))
    }

    /// The cached entry of a stack (now the most recently used).
    func entry(_ stack: StackPath) -> Entry? {
        state.withLock { $0.entries.value(stack) }
    }

    /// The epoch to pass to `fill` (read it before reading the database).
    func currentEpoch() -> UInt64 {
        state.withLock { $0.epoch }
    }

    /// Stores an entry read at `epoch`, unless a write invalidated anything since; evicts the
    /// least recently used entries past the budget (an entry larger than the budget is not kept).
    func fill(_ stack: StackPath, _ entry: Entry, epoch: UInt64) {
        state.withLock { state in
            guard state.epoch == epoch else { return }
            state.entries.insert(stack, entry, bytes: entry.bytes)
        }
    }

    /// Drops a stack's entry after a committed write (and bars concurrent fills).
    func invalidate(_ stack: StackPath) {
        state.withLock { state in
            state.epoch &+= 1
            state.entries.remove(stack)
        }
    }

    /// The number of cached stacks.
    var count: Int { state.withLock { $0.entries.count } }

    /// The bytes the cached entries count against the budget.
    var bytes: Int { state.withLock { $0.entries.bytes } }
}
