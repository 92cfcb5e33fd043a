/// The migration files of each dialect, compiled into the binary from `migrations/sqlite/`
/// and `migrations/postgres/` by the EmbedMigrations build plugin: adding a migration is
/// adding its file (a test checks the embedded files against the folders). After deleting
/// a file (never an applied one), `touch Package.swift` so that the plugin runs again.
enum EmbeddedMigrations {
    /// Every SQLite migration file, by name.
    static let files: [(fileName: String, sql: [UInt8])] = EmbeddedMigrationFiles.sqlite
    /// Every PostgreSQL migration file, by name.
    static let postgres: [(fileName: String, sql: [UInt8])] = EmbeddedMigrationFiles.postgres
}
