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
