/// Differences between two policy sets. A policy's identity is its `metadata.name`;
/// output follows the sets' (spec) order.
public enum PolicyDiff {
    /// The unified text diff of the policies' YAML (as `render` writes each document,
    /// without its `---` line), like `kubectl diff`: per added, removed or changed policy
    /// a header `--- a/<namespace>/<policy>` / `+++ b/<namespace>/<policy>` (`/dev/null`
    /// on the side where it does not exist) and unified hunks with 3 lines of context
    /// (`@@ -a,b +c,d @@`, GNU diff conventions). Empty when the sets are equal.
    /// Each policy's text diff has a work budget of 500,000 operations (`DiffBudget`);
    /// past it, its one hunk removes the whole old document and adds the whole new one.
    public static func text(old: [NetworkPolicy], new: [NetworkPolicy]) -> String {
        var out = ""
        for entry in PolicyPairing(old: old, new: new).entries {
            if let before = entry.old, let after = entry.new, before == after { continue }
            out += "--- " + (entry.old.map { "a/\($0.namespace)/\($0.name)" } ?? "/dev/null") + "\n"
            out += "+++ " + (entry.new.map { "b/\($0.namespace)/\($0.name)" } ?? "/dev/null") + "\n"
            out += UnifiedDiff.hunks(old: entry.old.map(document) ?? "", new: entry.new.map(document) ?? "")
        }
        return out
    }

    /// The structured diff: added and removed names, and for each changed policy its
    /// changes as a patch (`PolicyPatch`): applied in order as RFC 6902 operations
    /// (`old` and `new` → replace, `new` only → add, `old` only → remove; RFC 6901
    /// pointers inside the policy, list indices as they stand after the changes before)
    /// they turn the old policy into the new one. Lists are aligned by content, so an
    /// inserted or removed rule, peer or port is one change holding the whole item.
    /// Each policy's diff has a work budget of 500,000 operations (`DiffBudget`); past
    /// it, the policy's one change is `{path: "", old: <old policy>, new: <new policy>}`.
    /// `from` / `to` are the revision numbers to report (nil: left out of the JSON).
    public static func structured(
        old: [NetworkPolicy], new: [NetworkPolicy], from: Int? = nil, to: Int? = nil
    ) -> PolicySetDiff {
        var added: [String] = []
        var removed: [String] = []
        var changed: [PolicyChange] = []
        for entry in PolicyPairing(old: old, new: new).entries {
            switch (entry.old, entry.new) {
            case (nil, let policy?): added.append(policy.name)
            case (let policy?, nil): removed.append(policy.name)
            case (let before?, let after?) where before != after:
                changed.append(PolicyChange(name: after.name, changes: PolicyPatch(old: before, new: after).changes))
            default: break
            }
        }
        return PolicySetDiff(from: from, to: to, added: added, removed: removed, changed: changed)
    }

    /// The semantic diff: every flow matrix cell whose port list differs, ingress rows
    /// then egress rows, each in row then column order.
    public static func flows(old: FlowMatrix, new: FlowMatrix) -> [FlowChange] {
        var result: [FlowChange] = []
        appendChanges(old.ingress, new.ingress, to: &result)
        appendChanges(old.egress, new.egress, to: &result)
        return result
    }

    /// The semantic diff of two rendered configurations, each evaluated over its own §9 model.
    public static func flows(
        old: (options: RenderOptions, policies: [NetworkPolicy]),
        new: (options: RenderOptions, policies: [NetworkPolicy])
    ) -> [FlowChange] {
        flows(
            old: FlowAnalysis.matrix(options: old.options, policies: old.policies),
            new: FlowAnalysis.matrix(options: new.options, policies: new.policies))
    }

    /// The change summary of a revision: one line, parts joined with `; `.
    ///
    /// - `old == nil` (first revision): `created: N policies`, or `created: policies
    ///   disabled` for an empty set. `recreated: true` (first revision after the stack
    ///   was deleted and created again): the same with `recreated:`.
    /// - Enabled → disabled (the new set is empty): `disabled: N policies removed`;
    ///   disabled → enabled: `enabled: N policies`.
    /// - Otherwise one part per change, in policy order; a policy is named without the
    ///   `<stackName>-` prefix:
    ///   - `added <policy>` / `removed <policy>`;
    ///   - `<policy>: namespace A → B`, `<policy>: labels changed`,
    ///     `<policy>: pod selector changed`, `<policy>: policy types Egress → Egress, Ingress`;
    ///   - per direction (`ingress`, then `egress`), when its rules differ:
    ///     `<policy>: egress ports 9093 → 9093, 9094` when the ports of all its rules
    ///     (sorted: numbers as `9093` for TCP or `53/UDP`, ranges `8000-8080`, named
    ///     ports, `all UDP` for a port entry without `port`, `all ports` for a rule
    ///     without ports; `none` for no rules) differ, `<policy>: egress peers changed`
    ///     when the set of peers differs (a rule without peers counts as "any peer"),
    ///     and `<policy>: egress rules changed` when only the rules' arrangement differs.
    /// - Identical sets: `no changes`.
    public static func changeSummary(
        from old: [NetworkPolicy]?, to new: [NetworkPolicy], stackName: String, recreated: Bool = false
    ) -> String {
        ChangeSummary.summarize(from: old, to: new, stackName: stackName, recreated: recreated)
    }

    // MARK: Helpers

    /// One policy's YAML document without its leading `---` line.
    private static func document(_ policy: NetworkPolicy) -> String {
        let yaml = PolicyEncoding.yaml(policy)
        let marker = Array("---\n".utf8)
        let body = yaml.starts(with: marker) ? yaml[marker.count...] : yaml[...]
        return String(decoding: body, as: UTF8.self)
    }

    private static func appendChanges<Class: FlowClass>(
        _ old: [FlowRow<Class>], _ new: [FlowRow<Class>], to result: inout [FlowChange]
    ) {
        for (before, after) in zip(old, new) {
            for flowClass in Class.allCases where before[flowClass] != after[flowClass] {
                result.append(
                    FlowChange(
                        direction: Class.direction, component: after.component, flowClass: flowClass.rawValue,
                        old: before[flowClass], new: after[flowClass]))
            }
        }
    }
}
