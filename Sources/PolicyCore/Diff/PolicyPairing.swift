/// Two policy sets matched by `metadata.name`, in one merged order: the new set's order,
/// with each policy only in the old set placed right after the old policy it followed.
/// A name that occurs more than once on a side is matched occurrence by occurrence.
struct PolicyPairing {
    /// One policy identity: the old version, the new version, or both.
    struct Entry {
        let old: NetworkPolicy?
        let new: NetworkPolicy?
    }

    let entries: [Entry]

    init(old: [NetworkPolicy], new: [NetworkPolicy]) {
        var oldIndices: [String: [Int]] = [:]
        for (index, policy) in old.enumerated() { oldIndices[policy.name, default: []].append(index) }
        // Which old policies are matched by a new one, and by which.
        var matchOf = [Int?](repeating: nil, count: new.count)
        var matched = [Bool](repeating: false, count: old.count)
        for (index, policy) in new.enumerated() {
            guard var queue = oldIndices[policy.name], !queue.isEmpty else { continue }
            let oldIndex = queue.removeFirst()
            oldIndices[policy.name] = queue
            matchOf[index] = oldIndex
            matched[oldIndex] = true
        }
        var entries: [Entry] = []
        entries.reserveCapacity(old.count + new.count)
        // Removed policies go right after the old policy they followed (removals before
        // additions at the same place, as a line diff shows them).
        var nextOld = 0
        func flushRemoved(upTo limit: Int, stopAtMatched: Bool) {
            while nextOld < limit, !(stopAtMatched && matched[nextOld]) {
                if !matched[nextOld] { entries.append(Entry(old: old[nextOld], new: nil)) }
                nextOld += 1
            }
        }
        flushRemoved(upTo: old.count, stopAtMatched: true)
        for (index, policy) in new.enumerated() {
            if let oldIndex = matchOf[index] {
                flushRemoved(upTo: oldIndex, stopAtMatched: false)
                entries.append(Entry(old: old[oldIndex], new: policy))
                nextOld = max(nextOld, oldIndex + 1)
                flushRemoved(upTo: old.count, stopAtMatched: true)
            } else {
                entries.append(Entry(old: nil, new: policy))
            }
        }
        flushRemoved(upTo: old.count, stopAtMatched: false)
        self.entries = entries
    }
}
