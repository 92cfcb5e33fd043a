import Synchronization
import SystemSupport

/// The digest of each stack's current revision as this process last wrote it. A PUT uses it
/// to compute its change summary before the write (outside the store's write transaction);
/// the store then only confirms that the revision it finds current is the one the
/// summary was computed against. Bounded by bytes (namespace, name and digest plus
/// `entryOverhead` per stack), least recently used evicted first; a miss just computes inside
/// the transaction.
final class RevisionHeads: Sendable {
    private let digests: Mutex<ByteBudgetLRU<StackPath, String>>
    /// The most bytes the entries may add up to.
    let budget: Int

    /// Bytes counted per stack on top of its strings (dictionary and list slots).
    static let entryOverhead = 64

    /// At most `budget` bytes of entries (default 1 MiB: about 6,000 stacks).
    init(budget: Int = 1 << 20) {
        self.budget = max(1, budget)
        digests = Mutex(ByteBudgetLRU(budget: budget))
    }

    /// The digest of the stack's current revision, as last written here.
    func digest(_ stack: StackPath) -> String? {
        digests.withLock { $0.value(stack) }
    }

    /// Records the current revision's digest after a committed write.
    func record(_ stack: StackPath, _ digest: String) {
        let bytes = stack.namespace.utf8.count + stack.name.utf8.count + digest.utf8.count + Self.entryOverhead
        digests.withLock { $0.insert(stack, digest, bytes: bytes) }
    }

    /// Forgets a deleted stack.
    func forget(_ stack: StackPath) {
        digests.withLock { $0.remove(stack) }
    }

    /// The bytes the entries count against the budget.
    var bytes: Int { digests.withLock { $0.bytes } }
}
