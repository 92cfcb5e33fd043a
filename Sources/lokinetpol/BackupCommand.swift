import CommandParsing
import PolicyStore

/// `lokinetpol backup`: a consistent copy of a SQLite store, also while a server writes to it.
struct BackupCommand: RunnableCommand {
    static var spec: CommandSpec {
        CommandSpec(
            name: "backup",
            abstract: "Copy a SQLite store consistently, also while a server is writing to it.",
            discussion: """
                Uses SQLite's online backup API: the copy holds every revision committed before the \
                backup began and passes PRAGMA integrity_check; a server can be started on it as it is. \
                The file is created with mode 0600 (it holds every stack's inputs) and appears only when \
                complete. An existing file is replaced only with --force.

                --db defaults to LOKINETPOL_DB (as `serve` reads it), else ./lokinetpol.db. A PostgreSQL \
                URL is refused (exit 2): back up PostgreSQL with pg_dump, e.g. \
                pg_dump --format=custom --file=lokinetpol.dump 'postgres://…' (docs/replicas.md).

                Exit status: 0 copied, 1 failed (nothing written under FILE), 2 usage error.
                """,
            parameters: [Parameters.db, Parameters.to, Parameters.force])
    }

    /// The declarations, read by ``init(_:)``.
    enum Parameters {
        static let db = Option<String>(
            "db", valueName: "PATH", help: "The SQLite store to copy (PATH or sqlite:PATH).", environment: "LOKINETPOL_DB",
            default: "./lokinetpol.db")
        static let to = Option<String>("to", valueName: "FILE", help: "The backup file to create (mode 0600).")
        static let force = Flag(
            "force", help: "Replace FILE if it exists (atomically: the old file stays until the copy is complete).")
    }

    let location: DatabaseLocation
    let to: String
    let force: Bool

    init(_ values: ParsedValues) throws(UsageError) {
        location = DatabaseLocation(try values.value(of: Parameters.db))
        to = try values.value(of: Parameters.to)
        force = values.value(of: Parameters.force)
    }

    func run() throws(ExitCode) {
        guard case .sqlite(let path) = location else {
            CommandIO.writeError(
                "error: backup copies SQLite stores only; back up PostgreSQL with pg_dump, e.g. "
                    + "pg_dump --format=custom --file=\(to) '\(location)' (see docs/replicas.md)")
            throw ExitCode(2)
        }
        do throws(SQLiteBackup.Failure) {
            let summary = try SQLiteBackup.copy(from: path, to: to, replacing: force)
            print("backed up \(location) to \(to) (\(summary.pages) pages, \(summary.bytes) bytes)")
        } catch {
            CommandIO.writeError("error: \(error)")
            throw ExitCode.failure
        }
    }
}
