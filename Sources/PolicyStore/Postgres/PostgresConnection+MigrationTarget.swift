extension PostgresConnection: MigrationTarget {
    /// The advisory lock key under which migrations apply ("lknp" in ASCII): replicas
    /// starting together wait for each other, and each migration applies once.
    static let migrationLockKey: Int64 = 0x6C6B_6E70

    /// Runs `body` in one transaction holding the migration lock. The statement timeout is off
    /// for that transaction only: moving a large history takes as long as it takes, and a
    /// replica starting meanwhile waits for the lock instead of failing to start.
    func exclusively<Value>(_ body: () throws(PostgresError) -> Value) throws(PostgresError) -> Value {
        try transaction { () throws(PostgresError) -> Value in
            try execute("SET LOCAL statement_timeout = 0")
            try run("SELECT pg_advisory_xact_lock($1)", [Self.migrationLockKey])
            return try body()
        }
    }

    func createLedger() throws(PostgresError) {
        try execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT    NOT NULL,
                checksum   TEXT    NOT NULL,
                applied_at BIGINT  NOT NULL
            )
            """)
    }

    func appliedMigrations() throws(PostgresError) -> [(version: Int, name: String, checksum: String)] {
        try all("SELECT version, name, checksum FROM schema_migrations ORDER BY version") {
            (version: $0.int(0), name: $0.text(1), checksum: $0.text(2))
        }
    }

    func apply(_ migration: Migration, now: Int64) throws(PostgresError) {
        do throws(PostgresError) {
            try execute(String(decoding: migration.sql, as: UTF8.self))
        } catch {
            throw PostgresError(sqlState: error.sqlState, message: "\(migration.fileName): \(error.message)")
        }
        try run(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
            [Int64(migration.version), migration.fileName, migration.checksum, now])
    }
}

extension PostgresConnection: DocumentMoveStatements {
    func runDataStep(after fileName: String) throws(PostgresError) {
        if fileName == DocumentMove.migrationFileName { try DocumentMove.run(in: self) }
    }

    func inlineRevisions(after key: RevisionKey, limit: Int) throws(PostgresError) -> [InlineRevision] {
        try all(
            """
            SELECT stack_id, number, warnings, inputs, policies FROM revisions
            WHERE (stack_id, number) > ($1, $2) ORDER BY stack_id, number LIMIT $3
            """,
            [key.stackID, Int64(key.number), limit]
        ) { row in
            InlineRevision(
                key: RevisionKey(stackID: row.int64(0), number: row.int(1)), warnings: row.blob(2),
                inputs: row.blob(3), policies: row.blob(4))
        }
    }

    func setParts(of key: RevisionKey, warnings: [Int64], inputs: [Int64], policies: [Int64]) throws(PostgresError) {
        try run(
            """
            UPDATE revisions SET warnings_parts = $1, inputs_parts = $2, policies_parts = $3
            WHERE stack_id = $4 AND number = $5
            """,
            [PostgresInt8Array(elements: warnings), PostgresInt8Array(elements: inputs),
             PostgresInt8Array(elements: policies), key.stackID, Int64(key.number)])
    }
}
