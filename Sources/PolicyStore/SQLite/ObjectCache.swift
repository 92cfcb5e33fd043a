import Synchronization
import SystemSupport

/// The bodies of content-addressed objects (table `objects`) that the reader connections of one
/// SQLite store have read, by id, bounded by bytes (least recently used first out).
///
/// An entry never goes stale: objects are immutable and never deleted (migrations/sqlite/0004's
/// triggers), and only reader connections fill the cache, which see committed rows only. The
/// writer does not (an object it inserted may still be rolled back and its id reused); it reads
/// through the cache like the readers. A revision read is then one row by key, its parts list
/// and its bodies from memory, instead of one row per part joined on `objects`
/// (``Database/documents(_:)``).
final class ObjectCache: Sendable {
    private let entries: Mutex<ByteBudgetLRU<Int64, [UInt8]>>

    /// What a store's cache may hold: the bodies plus ``entryOverhead`` each, 1 MiB (two
    /// reader connections' page caches). The parts of many revisions are shared (a history
    /// that flips between a few configurations reads a few dozen objects).
    static let defaultBudget = 1 << 20

    /// The bytes an entry is counted for besides its body (its array header and its place in
    /// the map), so that many small bodies cannot outgrow the budget.
    static let entryOverhead = 64

    /// An empty cache holding at most `budget` bytes.
    init(budget: Int = ObjectCache.defaultBudget) {
        entries = Mutex(ByteBudgetLRU(budget: budget))
    }

    /// Appends the held body of each of `ids` (`nil` for those not held) to `bodies`, in
    /// order; one lock. Each body found becomes the most recently used.
    func bodies(_ ids: some Sequence<Int64>, into bodies: inout [[UInt8]?]) {
        entries.withLock { entries in
            for id in ids { bodies.append(entries.value(id)) }
        }
    }

    /// Keeps `bodies` (id and body), evicting the least recently used entries past the budget.
    func insert(_ bodies: [(id: Int64, body: [UInt8])]) {
        guard !bodies.isEmpty else { return }
        entries.withLock { entries in
            for (id, body) in bodies { entries.insert(id, body, bytes: body.count + Self.entryOverhead) }
        }
    }

    /// The bytes the entries are counted for (tests).
    var bytes: Int { entries.withLock { $0.bytes } }

    /// The number of bodies held (tests).
    var count: Int { entries.withLock { $0.count } }
}
