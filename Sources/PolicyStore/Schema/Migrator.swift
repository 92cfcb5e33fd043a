/// Brings a database to the schema of this binary at start-up.
///
/// Applied migrations are recorded in `schema_migrations` with the SHA-256 of
/// their script. A migration that needs more than SQL has its data step run right after its
/// script (``MigrationTarget/runDataStep(after:)``). All pending migrations apply in one transaction, in version
/// order, that excludes other migrators (``MigrationTarget``; on PostgreSQL replicas
/// starting together apply each migration once). Refused (``StoreError/migration(_:)``): a malformed migration list, an
/// applied migration whose script changed, and a database that records a
/// migration this binary does not know (its schema is newer).
struct Migrator {
    let migrations: [Migration]

    /// Validates and orders `files` (typically ``EmbeddedMigrations/files``).
    init(files: [(fileName: String, sql: [UInt8])]) throws(StoreError) {
        var migrations: [Migration] = []
        for file in files {
            guard let migration = Migration(fileName: file.fileName, sql: file.sql) else {
                throw .migration("\(file.fileName): migration files are named NNNN_name.sql")
            }
            migrations.append(migration)
        }
        migrations.sort { $0.version < $1.version }
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.version == later.version {
            throw .migration("\(earlier.fileName) and \(later.fileName) share version \(later.version)")
        }
        self.migrations = migrations
    }

    /// Applies the pending migrations; returns the file names applied now.
    @discardableResult
    func migrate<Target: MigrationTarget>(_ target: Target, now: Int64) throws(StoreError) -> [String] {
        let outcome: Result<[String], StoreError>
        do throws(Target.Failure) {
            // A refusal commits nothing: the only statement before it is a no-op
            // `CREATE TABLE IF NOT EXISTS` on a database that has the table.
            outcome = try target.exclusively { () throws(Target.Failure) -> Result<[String], StoreError> in
                try target.createLedger()
                let applied = try target.appliedMigrations()
                if let problem = verify(applied) { return .failure(.migration(problem)) }
                let pending = migrations.dropFirst(applied.count)
                for migration in pending {
                    try target.apply(migration, now: now)
                    try target.runDataStep(after: migration.fileName)
                }
                return .success(pending.map(\.fileName))
            }
        } catch {
            throw .migration("\(error)")
        }
        return try outcome.get()
    }

    /// Why the applied migrations do not fit this binary, or `nil` when they are
    /// a prefix of its migrations with unchanged scripts.
    private func verify(_ applied: [(version: Int, name: String, checksum: String)]) -> String? {
        for (index, record) in applied.enumerated() {
            guard index < migrations.count, migrations[index].version == record.version else {
                let known = migrations.last.map { "\($0.fileName)" } ?? "none"
                return "the database has migration \(record.name) (version \(record.version)) that this binary "
                    + "does not know (its newest is \(known)): the database schema is newer than this binary"
            }
            let migration = migrations[index]
            guard migration.checksum == record.checksum else {
                return "migration \(record.name) was changed after it was applied "
                    + "(checksum \(record.checksum), now \(migration.checksum))"
            }
        }
        return nil
    }
}
