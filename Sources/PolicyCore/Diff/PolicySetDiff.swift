/// The structured difference between two policy sets (api.md "Diff and plan"):
/// policies added, removed and changed (by `metadata.name`), each changed one with its
/// changes as a patch (`PolicyPatch`), and optionally the flow cells that change (the semantic diff).
public struct PolicySetDiff: Sendable, Hashable {
    /// Revision number of the old set (nil: not a revision, left out of the JSON).
    public var from: Int?
    /// Revision number of the new set (nil: not a revision, left out of the JSON).
    public var to: Int?
    /// Names only in the new set, in its order.
    public var added: [String]
    /// Names only in the old set, in its order.
    public var removed: [String]
    /// Policies in both sets whose documents differ, in the new set's order.
    public var changed: [PolicyChange]
    /// Flow cells that change; nil when not asked for (then left out of the JSON).
    public var flows: [FlowChange]?

    /// A diff from its parts (`PolicyDiff.structured` builds it).
    public init(
        from: Int?, to: Int?, added: [String], removed: [String], changed: [PolicyChange], flows: [FlowChange]? = nil
    ) {
        self.from = from
        self.to = to
        self.added = added
        self.removed = removed
        self.changed = changed
        self.flows = flows
    }

    /// True when nothing was added, removed or changed (and no flow cell changes).
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty && (flows ?? []).isEmpty }

    /// Canonical JSON (keys sorted, no whitespace):
    /// `{"added":[…],"changed":[{"changes":[{"new":…,"old":…,"path":…}],"name":…}],"flows":[…],"from":1,"removed":[…],"to":2}`.
    ///
    /// `extra` members (a key and its already-encoded JSON value, e.g. the plan's
    /// `digest` or `wouldCreateRevision`) are merged in key order; a key the diff
    /// itself writes is not allowed twice (the diff's own member wins).
    public func json(merging extra: [(key: String, json: [UInt8])] = []) -> [UInt8] {
        var members: [(key: String, write: (inout JSONWriter) -> Void)] = []
        members.append(("added", { $0.stringArray(added) }))
        members.append(("changed", { writer in
            writer.raw("[")
            for (i, change) in changed.enumerated() {
                if i > 0 { writer.raw(",") }
                change.writeJSON(to: &writer)
            }
            writer.raw("]")
        }))
        if let flows {
            members.append(("flows", { writer in
                writer.raw("[")
                for (i, change) in flows.enumerated() {
                    if i > 0 { writer.raw(",") }
                    change.writeJSON(to: &writer)
                }
                writer.raw("]")
            }))
        }
        if let from { members.append(("from", { $0.int(from) })) }
        members.append(("removed", { $0.stringArray(removed) }))
        if let to { members.append(("to", { $0.int(to) })) }
        for member in extra where !members.contains(where: { $0.key == member.key }) {
            members.append((member.key, { $0.raw(member.json) }))
        }
        members.sort { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }

        var writer = JSONWriter(reservingCapacity: 512 + extra.reduce(0) { $0 + $1.json.count + $1.key.utf8.count + 4 })
        writer.raw("{")
        for (i, member) in members.enumerated() {
            if i > 0 { writer.raw(",") }
            writer.key(member.key)
            member.write(&writer)
        }
        writer.raw("}")
        return writer.finish()
    }
}

/// A policy present in both sets whose document differs.
public struct PolicyChange: Sendable, Hashable {
    /// `metadata.name`.
    public var name: String
    /// The changes, in the order they apply: an RFC 6902 patch from the old policy to
    /// the new one (`PolicyPatch`).
    public var changes: [FieldChange]

    public init(name: String, changes: [FieldChange]) {
        self.name = name
        self.changes = changes
    }

    func writeJSON(to writer: inout JSONWriter) {
        writer.raw("{\"changes\":[")
        for (i, change) in changes.enumerated() {
            if i > 0 { writer.raw(",") }
            change.writeJSON(to: &writer)
        }
        writer.raw("],\"name\":")
        writer.string(name)
        writer.raw("}")
    }
}

/// One change of a policy, an RFC 6902 operation: `old` and `new` → replace the value at
/// `path`, `new` only → add it there, `old` only → remove it. Values may be scalars,
/// objects or lists (a whole rule, peer or port; `""` with both: the whole policy).
public struct FieldChange: Sendable, Hashable {
    /// RFC 6901 pointer inside the policy document (`/spec/egress/2/ports/0/port`; list
    /// indices as numbers, as the list stands after the changes before this one).
    public var path: String
    /// The value removed or replaced (nil for an add).
    public var old: DiffValue?
    /// The value added or put in its place (nil for a remove).
    public var new: DiffValue?

    public init(path: String, old: DiffValue?, new: DiffValue?) {
        self.path = path
        self.old = old
        self.new = new
    }

    func writeJSON(to writer: inout JSONWriter) {
        writer.raw("{")
        if let new {
            writer.raw("\"new\":")
            new.writeJSON(to: &writer)
            writer.raw(",")
        }
        if let old {
            writer.raw("\"old\":")
            old.writeJSON(to: &writer)
            writer.raw(",")
        }
        writer.raw("\"path\":")
        writer.string(path)
        writer.raw("}")
    }
}

/// A flow matrix cell that differs between two sets (the semantic diff).
public struct FlowChange: Sendable, Hashable {
    public var direction: FlowDirection
    public var component: FlowComponent
    /// The class's JSON key (`objectStorage`, `monitoring`, …).
    public var flowClass: String
    /// The cell's ports in the old set.
    public var old: [FlowPort]
    /// The cell's ports in the new set.
    public var new: [FlowPort]

    public init(direction: FlowDirection, component: FlowComponent, flowClass: String, old: [FlowPort], new: [FlowPort]) {
        self.direction = direction
        self.component = component
        self.flowClass = flowClass
        self.old = old
        self.new = new
    }

    /// `{"class":…,"component":…,"direction":…,"new":[…],"old":[…]}`.
    func writeJSON(to writer: inout JSONWriter) {
        writer.raw("{\"class\":")
        writer.string(flowClass)
        writer.raw(",\"component\":")
        writer.string(component.rawValue)
        writer.raw(",\"direction\":")
        writer.string(direction.rawValue)
        writer.raw(",\"new\":")
        FlowMatrix.writePorts(new, to: &writer)
        writer.raw(",\"old\":")
        FlowMatrix.writePorts(old, to: &writer)
        writer.raw("}")
    }
}
