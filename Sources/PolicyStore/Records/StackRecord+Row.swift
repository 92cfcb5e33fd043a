/// Reading a ``StackRecord`` from a query result, the same on every backend.
extension StackRecord {
    /// The select list and joins of a stack-record query: the stack (`s`), its current revision
    /// (`r`) and its last deletion (`d`); the backend adds `WHERE s.namespace = … AND s.name = …`
    /// with its own placeholders.
    static let selectFromJoins = """
        SELECT s.id, s.inputs, s.generation, s.etag, s.created_at, s.updated_at, s.deleted_at, \(RevisionColumns.summary),
            d.author, d.deleted_at, d.revision
        FROM stacks s JOIN revisions r ON r.stack_id = s.id AND r.number = s.current_revision
        LEFT JOIN deletions d ON d.stack_id = s.id
            AND d.revision = (SELECT max(revision) FROM deletions WHERE stack_id = s.id)
        """

    /// The record of `namespace/name` from a row of ``selectFromJoins``.
    init(row: some ResultRow, namespace: String, name: String) {
        self.init(
            id: row.int64(0), namespace: namespace, name: name, inputs: row.blob(1),
            generation: row.int64(2), etag: row.text(3), createdAt: row.int64(4), updatedAt: row.int64(5),
            deletedAt: row.isNull(6) ? nil : row.int64(6), current: RevisionColumns.summary(row, from: 7),
            lastDeletion: row.isNull(14)
                ? nil
                : StackDeletion(author: row.text(14), deletedAt: Timestamp.rfc3339(row.int64(15)), revision: row.int(16)))
    }
}
