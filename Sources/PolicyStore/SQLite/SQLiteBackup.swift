import CSQLite
import Glibc

/// A consistent copy of a SQLite store file through SQLite's online backup API
/// (`sqlite3_backup_init` / `_step` / `_finish`), safe while a server writes to it.
///
/// The whole database is copied in one backup step, inside one read transaction on the
/// source: in WAL mode that snapshot does not block the server's writer, and the copy holds
/// exactly the transactions committed before the step began. The copy is written to a
/// private (0600) file beside the destination and moved into place only when complete, so a
/// failed or interrupted backup never leaves a partial file under the destination's name.
public enum SQLiteBackup {
    /// Why a backup failed.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The destination exists and replacing it was not asked for.
        case destinationExists(String)
        /// The source cannot be opened or read (missing file, not a database, I/O error).
        case source(String)
        /// The copy cannot be written or moved into place.
        case destination(String)

        public var description: String {
            switch self {
            case .destinationExists(let path): "\(path) exists (replace it with --force)"
            case .source(let detail): "cannot read the database: \(detail)"
            case .destination(let detail): "cannot write the backup: \(detail)"
            }
        }
    }

    /// What was copied.
    public struct Summary: Sendable, Hashable {
        /// Database pages copied.
        public let pages: Int
        /// Bytes of the backup file.
        public let bytes: Int
    }

    /// How often a busy source or destination is retried (50 ms apart) before giving up.
    static let busyRetries = 200

    /// Copies the database at `source` to `destination`.
    ///
    /// - Parameters:
    ///   - source: an existing SQLite store file (it is only read).
    ///   - destination: the backup file to create, mode 0600.
    ///   - replacing: replace an existing `destination` (atomically); without it an existing
    ///     file is left alone and ``Failure/destinationExists(_:)`` thrown.
    public static func copy(from source: String, to destination: String, replacing: Bool) throws(Failure) -> Summary {
        if !replacing, exists(destination) { throw .destinationExists(destination) }
        let sourceHandle = try open(source, flags: SQLITE_OPEN_READONLY, failure: Failure.source)
        defer { sqlite3_close_v2(sourceHandle) }

        let partial = destination + ".partial-\(getpid())"
        let fd = Glibc.open(partial, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .destination("cannot create \(partial): \(systemError())") }
        close(fd)
        var keepPartial = false
        defer {
            if !keepPartial {
                unlink(partial)
                unlink(partial + "-journal")
            }
        }

        let pages: Int
        do {
            let destinationHandle = try open(partial, flags: SQLITE_OPEN_READWRITE, failure: Failure.destination)
            defer { sqlite3_close_v2(destinationHandle) }
            pages = try step(from: sourceHandle, to: destinationHandle)
        }
        let bytes = try synchronise(partial)

        if replacing {
            guard rename(partial, destination) == 0 else {
                throw .destination("cannot move the backup to \(destination): \(systemError())")
            }
        } else {
            // link() refuses an existing name: a file created meanwhile is not replaced.
            guard link(partial, destination) == 0 else {
                if errno == EEXIST { throw .destinationExists(destination) }
                throw .destination("cannot move the backup to \(destination): \(systemError())")
            }
            unlink(partial)
        }
        keepPartial = true
        synchroniseDirectory(of: destination)
        return Summary(pages: pages, bytes: bytes)
    }

    /// Copies every page of `source`'s main database in one step; returns the page count.
    private static func step(from source: OpaquePointer, to destination: OpaquePointer) throws(Failure) -> Int {
        guard let backup = sqlite3_backup_init(destination, "main", source, "main") else {
            throw .destination(String(cString: sqlite3_errmsg(destination)))
        }
        var code = SQLITE_OK
        var retries = 0
        repeat {
            code = sqlite3_backup_step(backup, -1)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED {
                retries += 1
                usleep(50_000)
            }
        } while (code == SQLITE_BUSY || code == SQLITE_LOCKED) && retries < busyRetries
        let pages = Int(sqlite3_backup_pagecount(backup))
        sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE else {
            let sourceCode = sqlite3_extended_errcode(source)
            if sourceCode != SQLITE_OK {
                throw .source(String(cString: sqlite3_errmsg(source)) + " (SQLite code \(sourceCode))")
            }
            throw .destination(String(cString: sqlite3_errstr(code)) + " (SQLite code \(code))")
        }
        let finished = sqlite3_errcode(destination)
        guard finished == SQLITE_OK else {
            throw .destination(String(cString: sqlite3_errmsg(destination)) + " (SQLite code \(finished))")
        }
        return pages
    }

    private static func open(
        _ path: String, flags: Int32, failure: (String) -> Failure
    ) throws(Failure) -> OpaquePointer {
        _ = Database.processConfiguration
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw failure("cannot open \(path): \(message)")
        }
        sqlite3_busy_timeout(handle, Database.busyTimeoutMilliseconds)
        return handle
    }

    /// `fsync` of the finished copy; returns its size.
    private static func synchronise(_ path: String) throws(Failure) -> Int {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .destination("cannot reopen \(path): \(systemError())") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .destination("fsync \(path): \(systemError())") }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .destination("stat \(path): \(systemError())") }
        return Int(status.st_size)
    }

    /// `fsync` of the directory holding `path`, so the new name survives a crash (best effort).
    private static func synchroniseDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let fd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    private static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }
}
