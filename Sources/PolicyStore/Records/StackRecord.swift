/// A `stacks` row joined with its current revision, live or deleted.
struct StackRecord {
    let id: Int64
    let namespace: String
    let name: String
    let inputs: [UInt8]
    let generation: Int64
    let etag: String
    /// Milliseconds since the epoch.
    let createdAt: Int64
    /// Milliseconds since the epoch.
    let updatedAt: Int64
    /// `nil` while the stack is live.
    let deletedAt: Int64?
    /// The current revision (after deletion: the last one).
    let current: RevisionSummary
    /// The most recent deletion, if any.
    let lastDeletion: StackDeletion?

    var isLive: Bool { deletedAt == nil }

    /// The public representation.
    var stored: StoredStack {
        StoredStack(
            namespace: namespace, name: name, inputsJSON: inputs, etag: etag,
            createdAt: Timestamp.rfc3339(createdAt), updatedAt: Timestamp.rfc3339(updatedAt), current: current,
            lastDeletion: lastDeletion)
    }

    /// The row of `namespace/name`, deleted or not; `nil` when it never existed.
    static func load(namespace: String, name: String, from database: Database) throws(SQLiteError) -> StackRecord? {
        try database.first(
            """
            SELECT s.id, s.inputs, s.generation, s.etag, s.created_at, s.updated_at, s.deleted_at, \(RevisionColumns.summary),
                d.author, d.deleted_at, d.revision
            FROM stacks s JOIN revisions r ON r.stack_id = s.id AND r.number = s.current_revision
            LEFT JOIN deletions d ON d.stack_id = s.id
                AND d.revision = (SELECT max(revision) FROM deletions WHERE stack_id = s.id)
            WHERE s.namespace = ? AND s.name = ?
            """,
            [namespace, name]
        ) { row in
            StackRecord(
                id: row.int64(0), namespace: namespace, name: name, inputs: row.blob(1),
                generation: row.int64(2), etag: row.text(3), createdAt: row.int64(4), updatedAt: row.int64(5),
                deletedAt: row.isNull(6) ? nil : row.int64(6), current: RevisionColumns.summary(row, from: 7),
                lastDeletion: row.isNull(14)
                    ? nil
                    : StackDeletion(author: row.text(14), deletedAt: Timestamp.rfc3339(row.int64(15)), revision: row.int(16)))
        }
    }
}
