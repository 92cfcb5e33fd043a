import PolicyCore
import Synchronization
import SystemSupport

/// Typed policy sets by digest, remembered from recent renders: the change summary of the
/// next revision (computed inside the store's write transaction) and the policy cache find
/// the previous set here instead of decoding its stored JSON. Bounded by bytes, least recently
/// used sets evicted first; a miss decodes.
///
/// A set counts as the bytes of its canonical `List` JSON plus `entryOverhead` (its typed
/// form takes a small multiple of that in memory).
final class KnownPolicySets: Sendable {
    private let sets: Mutex<ByteBudgetLRU<String, [NetworkPolicy]>>
    /// The most bytes the remembered sets may add up to.
    let budget: Int

    /// Bytes counted per set on top of its JSON (digest key and bookkeeping).
    static let entryOverhead = 256

    /// Remembers at most `budget` bytes of sets (default 16 MiB of canonical JSON).
    init(budget: Int = 16 << 20) {
        self.budget = max(1, budget)
        sets = Mutex(ByteBudgetLRU(budget: budget))
    }

    /// Remembers the policies rendered for `digest`, whose canonical `List` JSON has
    /// `jsonBytes` bytes.
    func remember(_ digest: String, _ policies: [NetworkPolicy], jsonBytes: Int) {
        sets.withLock { $0.insert(digest, policies, bytes: jsonBytes + Self.entryOverhead) }
    }

    /// The policies of `digest`, if remembered.
    func policies(_ digest: String) -> [NetworkPolicy]? {
        sets.withLock { $0.value(digest) }
    }

    /// The policies of a stored set: remembered ones, else decoded from their canonical `List`
    /// JSON (and remembered).
    func policies(_ digest: String, listJSON: [UInt8]) throws(InputError) -> [NetworkPolicy] {
        if let known = policies(digest) { return known }
        let decoded = try RenderedPolicies.decode(listJSON, format: .json)
        remember(digest, decoded, jsonBytes: listJSON.count)
        return decoded
    }

    /// The bytes the remembered sets count against the budget.
    var bytes: Int { sets.withLock { $0.bytes } }
}
