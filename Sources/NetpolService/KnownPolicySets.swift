import PolicyCore
import Synchronization

/// Typed policy sets by digest, remembered from recent renders: the change summary of the
/// next revision (computed inside the store's write transaction) and the policy cache find
/// the previous set here instead of decoding its stored JSON. Bounded; a miss decodes.
final class KnownPolicySets: Sendable {
    private struct State {
        var sets: [String: [NetworkPolicy]] = [:]
        /// Insertion order, for eviction of the oldest.
        var order: [String] = []
        var start = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(1, capacity)
    }

    /// Remembers the policies rendered for `digest`.
    func remember(_ digest: String, _ policies: [NetworkPolicy]) {
        state.withLock { state in
            guard state.sets.updateValue(policies, forKey: digest) == nil else { return }
            state.order.append(digest)
            if state.order.count - state.start > capacity {
                state.sets[state.order[state.start]] = nil
                state.start += 1
                if state.start > capacity {
                    state.order.removeFirst(state.start)
                    state.start = 0
                }
            }
        }
    }

    /// The policies of `digest`, if remembered.
    func policies(_ digest: String) -> [NetworkPolicy]? {
        state.withLock { $0.sets[digest] }
    }

    /// The policies of a stored set: remembered ones, else decoded from their canonical `List`
    /// JSON (and remembered).
    func policies(_ digest: String, listJSON: [UInt8]) throws(InputError) -> [NetworkPolicy] {
        if let known = policies(digest) { return known }
        let decoded = try RenderedPolicies.decode(listJSON, format: .json)
        remember(digest, decoded)
        return decoded
    }
}
