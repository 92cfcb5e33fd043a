import Synchronization

/// The digest of each stack's current revision as this process last wrote it. A PUT uses it
/// to compute its change summary before the write (outside the store's write transaction);
/// the store's callback then only confirms that the revision it found current is the one the
/// summary was computed against. Bounded; a miss just computes inside the transaction.
final class RevisionHeads: Sendable {
    private let digests = Mutex<[StackPath: String]>([:])
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The digest of the stack's current revision, as last written here.
    func digest(_ stack: StackPath) -> String? {
        digests.withLock { $0[stack] }
    }

    /// Records the current revision's digest after a committed write.
    func record(_ stack: StackPath, _ digest: String) {
        digests.withLock { digests in
            if digests.count >= capacity, digests[stack] == nil, let victim = digests.keys.first {
                digests[victim] = nil
            }
            digests[stack] = digest
        }
    }

    /// Forgets a deleted stack.
    func forget(_ stack: StackPath) {
        digests.withLock { $0[stack] = nil }
    }
}
