/// The changes between two versions of one policy, as a patch (api.md "Diff and plan"):
/// applied in order as RFC 6902 operations (`old` and `new`: replace; `new` only: add;
/// `old` only: remove; list indices as they stand after the changes before) they turn the
/// old policy's document into the new one's.
///
/// - Equal values: no change. Two objects: key by key in code point order (a key only in
///   the old one is removed, one only in the new one added, one in both compared). Two
///   lists: aligned by content (`ListAlignment`); between two aligned items (and before the
///   first, after the last) the k old and m new items left over are paired in order, the
///   first min(k, m) pairs compared (recursively, by the same rules), then the remaining
///   old items removed from the highest index down, then the remaining new items added in
///   ascending index. Anything else (two scalars, a type change): one replace.
/// - When the work budget (`DiffBudget`, 500,000 operations) is spent, the one change is
///   `{path: "", old: <whole old policy>, new: <whole new policy>}`.
struct PolicyPatch {
    /// The changes, in the order they apply.
    let changes: [FieldChange]
    /// Operations spent (at most the budget's limit).
    let operations: Int

    init(old: NetworkPolicy, new: NetworkPolicy, budget: DiffBudget = DiffBudget()) {
        var table = ValueTable(capacity: PolicyTree.estimatedSize(old) + PolicyTree.estimatedSize(new))
        let before = PolicyTree.add(old, to: &table)
        let after = PolicyTree.add(new, to: &table)
        if before == after {
            (changes, operations) = ([], 0)
            return
        }
        var builder = Builder(table: table, budget: budget)
        do {
            try builder.compare(before, after, at: "")
            changes = builder.changes
        } catch {
            changes = [FieldChange(path: "", old: table.value(before), new: table.value(after))]
        }
        operations = builder.budget.spent
    }

    private struct Builder {
        let table: ValueTable
        var budget: DiffBudget
        var changes: [FieldChange] = []

        mutating func compare(_ old: Int, _ new: Int, at path: String) throws(DiffBudget.Spent) {
            try budget.spend(1)
            if old == new { return }
            switch (table.kind(old), table.kind(new)) {
            case (.object, .object): try compare(members: table.members(old), table.members(new), at: path)
            case (.array, .array): try compare(items: Array(table.items(old)), Array(table.items(new)), at: path)
            default: changes.append(FieldChange(path: path, old: table.value(old), new: table.value(new)))
            }
        }

        private mutating func compare(members old: [ValueTable.Member], _ new: [ValueTable.Member], at path: String)
            throws(DiffBudget.Spent)
        {
            try budget.spend(old.count + new.count)
            var i = 0
            var j = 0
            while i < old.count || j < new.count {
                if j == new.count || (i < old.count && old[i].key.utf8.lexicographicallyPrecedes(new[j].key.utf8)) {
                    changes.append(FieldChange(path: child(path, old[i].key), old: table.value(old[i].value), new: nil))
                    i += 1
                } else if i == old.count || new[j].key.utf8.lexicographicallyPrecedes(old[i].key.utf8) {
                    changes.append(FieldChange(path: child(path, new[j].key), old: nil, new: table.value(new[j].value)))
                    j += 1
                } else {
                    try compare(old[i].value, new[j].value, at: child(path, old[i].key))
                    i += 1
                    j += 1
                }
            }
        }

        private mutating func compare(items old: [Int], _ new: [Int], at path: String) throws(DiffBudget.Spent) {
            var aligned = try ListAlignment.pairs(old, new, budget: &budget)
            aligned.append((old.count, new.count))  // closes the last gap
            var oldStart = 0
            var newStart = 0  // also where the gap starts in the list as patched so far
            for pair in aligned {
                let leftOld = pair.old - oldStart
                let leftNew = pair.new - newStart
                let paired = min(leftOld, leftNew)
                for offset in 0..<paired {
                    try compare(old[oldStart + offset], new[newStart + offset], at: "\(path)/\(newStart + offset)")
                }
                for offset in stride(from: leftOld - 1, through: paired, by: -1) {
                    changes.append(
                        FieldChange(path: "\(path)/\(newStart + offset)", old: table.value(old[oldStart + offset]), new: nil))
                }
                for offset in paired..<max(paired, leftNew) {
                    changes.append(
                        FieldChange(path: "\(path)/\(newStart + offset)", old: nil, new: table.value(new[newStart + offset])))
                }
                oldStart = pair.old + 1
                newStart = pair.new + 1
            }
        }

        /// `path` + `/` + the RFC 6901 reference token of `key` (`~` → `~0`, `/` → `~1`).
        private func child(_ path: String, _ key: String) -> String {
            guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else {
                return path + "/" + key
            }
            var out = path + "/"
            for scalar in key.unicodeScalars {
                switch scalar {
                case "~": out += "~0"
                case "/": out += "~1"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
    }
}
