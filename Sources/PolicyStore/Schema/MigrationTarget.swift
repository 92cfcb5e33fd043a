/// What ``Migrator`` needs from a database: the backend's part of migrating.
protocol MigrationTarget {
    associatedtype Failure: Error

    /// Runs `body` in one transaction that no other migrator of the same database runs
    /// concurrently with (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: an advisory lock).
    func exclusively<Value>(_ body: () throws(Failure) -> Value) throws(Failure) -> Value

    /// Creates `schema_migrations` when it does not exist.
    func createLedger() throws(Failure)

    /// The rows of `schema_migrations` by version.
    func appliedMigrations() throws(Failure) -> [(version: Int, name: String, checksum: String)]

    /// Runs the migration's script and records it.
    func apply(_ migration: Migration, now: Int64) throws(Failure)

    /// The data step of the migration `fileName` (a backend's migrations that need more than
    /// SQL), run in the migration transaction right after its script; nothing for the others.
    /// SQLite: ``DocumentMove`` after 0004, ``PartsListMove`` after 0006; PostgreSQL:
    /// ``DocumentMove`` after 0004.
    func runDataStep(after fileName: String) throws(Failure)
}
