/// The files of `migrations/`, compiled into the binary (through the
/// `Sources/PolicyStore/Migrations` symlink and `.embedInCode` in Package.swift).
///
/// Adding a migration: create `migrations/NNNN_name.sql`, add it to the
/// PolicyStore resources in Package.swift and to this list. A test fails while
/// a file of `migrations/` is missing here or differs.
enum EmbeddedMigrations {
    /// Every embedded migration file, by name.
    static let files: [(fileName: String, sql: [UInt8])] = [
        ("0001_initial.sql", PackageResources._001_initial_sql),
        ("0002_restored_from.sql", PackageResources._002_restored_from_sql),
        ("0003_deletions.sql", PackageResources._003_deletions_sql),
    ]
}
