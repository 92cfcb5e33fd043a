/// The data step of migration 0006 (SQLite): every revision's packed object ids (the three BLOB
/// columns of 0004, ``PackedObjectIDs``) are written to its `parts` column (``PartsList``);
/// 0007 then drops the packed columns.
enum PartsListMove {
    /// The migration after whose script the move runs.
    static let migrationFileName = "0006_parts_lists.sql"

    /// Revisions read per statement.
    static let batchSize = 256

    /// Moves every revision's ids; returns how many revisions moved.
    @discardableResult
    static func run(in database: Database) throws(SQLiteError) -> Int {
        var after = RevisionKey(stackID: Int64.min, number: Int.min)
        var moved = 0
        while true {
            let batch = try database.all(
                """
                SELECT stack_id, number, warnings_parts, inputs_parts, policies_parts FROM revisions
                WHERE (stack_id, number) > (?, ?) ORDER BY stack_id, number LIMIT ?
                """,
                [after.stackID, after.number, batchSize]
            ) { row in
                (key: RevisionKey(stackID: row.int64(0), number: row.int(1)), packed: [row.blob(2), row.blob(3), row.blob(4)])
            }
            for revision in batch {
                var documents: [[Int64]] = []
                for bytes in revision.packed {
                    guard let ids = PackedObjectIDs.unpack(bytes) else {
                        throw .invariant("a revision's object list has \(bytes.count) bytes, not a multiple of 8")
                    }
                    documents.append(ids)
                }
                try database.run(
                    "UPDATE revisions SET parts = ? WHERE stack_id = ? AND number = ?",
                    [PartsList.json(documents), revision.key.stackID, revision.key.number])
            }
            moved += batch.count
            guard batch.count == batchSize, let last = batch.last else { return moved }
            after = last.key
        }
    }
}
