extension Database: MigrationTarget {
    func exclusively<Value>(_ body: () throws(SQLiteError) -> Value) throws(SQLiteError) -> Value {
        try transaction(immediate: true, body)
    }

    func createLedger() throws(SQLiteError) {
        try execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT    NOT NULL,
                checksum   TEXT    NOT NULL,
                applied_at INTEGER NOT NULL
            ) STRICT
            """)
    }

    func appliedMigrations() throws(SQLiteError) -> [(version: Int, name: String, checksum: String)] {
        try all("SELECT version, name, checksum FROM schema_migrations ORDER BY version") {
            (version: $0.int(0), name: $0.text(1), checksum: $0.text(2))
        }
    }

    func apply(_ migration: Migration, now: Int64) throws(SQLiteError) {
        do throws(SQLiteError) {
            try execute(String(decoding: migration.sql, as: UTF8.self))
        } catch {
            throw SQLiteError(code: error.code, message: "\(migration.fileName): \(error.message)")
        }
        try run(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
            [migration.version, migration.fileName, migration.checksum, now])
    }
}

extension Database: DocumentMoveStatements {
    func runDataStep(after fileName: String) throws(SQLiteError) {
        switch fileName {
        case DocumentMove.migrationFileName: try DocumentMove.run(in: self)
        case PartsListMove.migrationFileName: try PartsListMove.run(in: self)
        default: break
        }
    }

    func inlineRevisions(after key: RevisionKey, limit: Int) throws(SQLiteError) -> [InlineRevision] {
        try all(
            """
            SELECT stack_id, number, warnings, inputs, policies FROM revisions
            WHERE (stack_id, number) > (?, ?) ORDER BY stack_id, number LIMIT ?
            """,
            [key.stackID, key.number, limit]
        ) { row in
            InlineRevision(
                key: RevisionKey(stackID: row.int64(0), number: row.int(1)), warnings: row.blob(2),
                inputs: row.blob(3), policies: row.blob(4))
        }
    }

    func setParts(of key: RevisionKey, warnings: [Int64], inputs: [Int64], policies: [Int64]) throws(SQLiteError) {
        try run(
            "UPDATE revisions SET warnings_parts = ?, inputs_parts = ?, policies_parts = ? WHERE stack_id = ? AND number = ?",
            [PackedObjectIDs.pack(warnings), PackedObjectIDs.pack(inputs), PackedObjectIDs.pack(policies), key.stackID,
             key.number])
    }
}
