import PolicyCore
import PolicyStore

/// The JSON representations of stacks, revisions and lists (api.md "Representations"),
/// written as compact bytes with keys in code-point order. Stored inputs, policies and
/// warnings are canonical JSON already and are embedded verbatim.
enum Representations {
    /// `{"createdAt","currentRevision","inputs","lastDeletion"?,"name","namespace","updatedAt"}`
    /// (`lastDeletion` when the stack was deleted and re-created); with `write` also
    /// `revisionCreated` and `warnings` (the PUT answer).
    static func stack(_ stack: StoredStack, write: (revisionCreated: Bool, warningsJSON: [UInt8])? = nil) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 512 + stack.inputsJSON.count + (write?.warningsJSON.count ?? 0))
        w.raw("{\"createdAt\":")
        w.string(stack.createdAt)
        w.raw(",\"currentRevision\":")
        writeRevision(stack.current, details: nil, to: &w)
        w.raw(",\"inputs\":")
        w.raw(stack.inputsJSON)
        if let deletion = stack.lastDeletion {
            w.raw(",\"lastDeletion\":")
            writeDeletion(deletion, to: &w)
        }
        w.raw(",\"name\":")
        w.string(stack.name)
        w.raw(",\"namespace\":")
        w.string(stack.namespace)
        if let write {
            w.raw(",\"revisionCreated\":")
            w.bool(write.revisionCreated)
        }
        w.raw(",\"updatedAt\":")
        w.string(stack.updatedAt)
        if let write {
            w.raw(",\"warnings\":")
            w.raw(write.warningsJSON)
        }
        w.raw("}")
        return w.finish()
    }

    /// `{"items":[stack summaries],"nextCursor"?}`.
    static func stackList(_ page: Page<StackSummary>) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 64 + page.items.count * 400)
        w.raw("{\"items\":[")
        for index in page.items.indices {
            let item = page.items[index]
            if index > 0 { w.raw(",") }
            w.raw("{\"createdAt\":")
            w.string(item.createdAt)
            w.raw(",\"currentRevision\":")
            writeRevision(item.current, details: nil, to: &w)
            w.raw(",\"name\":")
            w.string(item.name)
            w.raw(",\"namespace\":")
            w.string(item.namespace)
            w.raw(",\"updatedAt\":")
            w.string(item.updatedAt)
            w.raw("}")
        }
        w.raw("]")
        writeNextCursor(page.nextCursor, to: &w)
        w.raw("}")
        return w.finish()
    }

    /// `{"items":[revision summaries],"nextCursor"?}`.
    /// `{"deletions"?,"items":[revision summaries],"nextCursor"?}`; `deletions` (newest first)
    /// when the stack was ever deleted: who deleted it and when.
    static func revisionList(_ page: Page<RevisionSummary>, deletions: [StackDeletion]) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 64 + page.items.count * 300 + deletions.count * 100)
        w.raw("{")
        if !deletions.isEmpty {
            w.raw("\"deletions\":[")
            for (index, deletion) in deletions.enumerated() {
                if index > 0 { w.raw(",") }
                writeDeletion(deletion, to: &w)
            }
            w.raw("],")
        }
        w.raw("\"items\":[")
        for index in page.items.indices {
            if index > 0 { w.raw(",") }
            writeRevision(page.items[index], details: nil, to: &w)
        }
        w.raw("]")
        writeNextCursor(page.nextCursor, to: &w)
        w.raw("}")
        return w.finish()
    }

    /// `{"author","deletedAt","revision"}`.
    static func writeDeletion(_ deletion: StackDeletion, to w: inout JSONWriter) {
        w.raw("{\"author\":")
        w.string(deletion.author)
        w.raw(",\"deletedAt\":")
        w.string(deletion.deletedAt)
        w.raw(",\"revision\":")
        w.int(deletion.revision)
        w.raw("}")
    }

    /// The revision: summary fields plus `generatorVersion`, `inputs`, `warnings` and, for a
    /// revision made by a restore, `restoredFrom`.
    static func revision(_ revision: StoredRevision) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 512 + revision.inputsJSON.count + revision.warningsJSON.count)
        writeRevision(revision.summary, details: revision, to: &w)
        return w.finish()
    }

    /// The policies of a revision: the §8 render result plus `revision`:
    /// `{"digest","enabled","policies","reason","revision","warnings"}`, put together from the
    /// stored canonical bytes; `policies` is where `policiesJSON` sits in `body`.
    static func policies(
        _ summary: RevisionSummary, policiesJSON: [UInt8], warningsJSON: [UInt8]
    ) -> (body: [UInt8], policies: Range<Int>) {
        var w = JSONWriter(reservingCapacity: 160 + policiesJSON.count + warningsJSON.count)
        w.raw("{\"digest\":")
        w.string(summary.digest)
        w.raw(",\"enabled\":")
        w.bool(summary.enabled)
        w.raw(",\"policies\":")
        let start = w.count
        w.raw(policiesJSON)
        let range = start..<w.count
        w.raw(",\"reason\":")
        w.string(summary.reason)
        w.raw(",\"revision\":")
        w.int(summary.number)
        w.raw(",\"warnings\":")
        w.raw(warningsJSON)
        w.raw("}")
        return (w.finish(), range)
    }

    /// Canonical JSON array of warnings, as stored with a revision.
    static func warnings(_ issues: [FieldIssue]) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 2 + issues.count * 128)
        PolicyEncoding.writeIssues(issues, to: &w)
        return w.finish()
    }

    /// A revision object, keys sorted: the summary fields, and with `details` also
    /// `generatorVersion`, `inputs`, `restoredFrom` (a restoring revision only) and `warnings`
    /// in their sorted places.
    private static func writeRevision(_ summary: RevisionSummary, details: StoredRevision?, to w: inout JSONWriter) {
        w.raw("{\"author\":")
        w.string(summary.author)
        w.raw(",\"changeSummary\":")
        w.string(summary.changeSummary)
        w.raw(",\"createdAt\":")
        w.string(summary.createdAt)
        w.raw(",\"digest\":")
        w.string(summary.digest)
        w.raw(",\"enabled\":")
        w.bool(summary.enabled)
        if let details {
            w.raw(",\"generatorVersion\":")
            w.string(details.generatorVersion)
            w.raw(",\"inputs\":")
            w.raw(details.inputsJSON)
        }
        w.raw(",\"number\":")
        w.int(summary.number)
        w.raw(",\"reason\":")
        w.string(summary.reason)
        if let restoredFrom = details?.restoredFrom {
            w.raw(",\"restoredFrom\":")
            w.int(restoredFrom)
        }
        if let details {
            w.raw(",\"warnings\":")
            w.raw(details.warningsJSON)
        }
        w.raw("}")
    }

    private static func writeNextCursor(_ cursor: String?, to w: inout JSONWriter) {
        guard let cursor else { return }
        w.raw(",\"nextCursor\":")
        w.string(cursor)
    }
}
