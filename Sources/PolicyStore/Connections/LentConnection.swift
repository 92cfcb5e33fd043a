/// A reader connection ``ReaderPool`` lends for inline point reads: one caller at a time,
/// whichever thread it is on (the connection is opened `NOMUTEX`; the lock hands it over between
/// threads). Opened by its first read, so connections that are never needed cost nothing.
final class LentConnection: @unchecked Sendable {
    private let lock = ConditionLock()
    private let path: String
    private let objects: ObjectCache?
    private var database: Database?
    private var closed = false

    /// A connection to the WAL database at `path`, opened when first lent, reading object bodies
    /// through `objects`.
    init(path: String, objects: ObjectCache? = nil) {
        self.path = path
        self.objects = objects
    }

    /// `body`'s result on the connection; `nil` when another caller holds it or it is closed.
    func read<Value>(_ body: (Database) throws(SQLiteError) -> Value) -> Result<Value, SQLiteError>? {
        lock.withLockIfAvailable { () -> Result<Value, SQLiteError>? in
            guard !closed else { return nil }
            do throws(SQLiteError) {
                let database: Database
                if let open = self.database {
                    database = open
                } else {
                    database = try Database(path: path, mode: .reader, objects: objects)
                    self.database = database
                }
                // A read never leaves its snapshot open (it would pin the WAL).
                defer { database.rollback() }
                return .success(try body(database))
            } catch {
                return .failure(error)
            }
        } ?? nil
    }

    /// Closes the connection once no read holds it.
    func close() {
        lock.withLock {
            closed = true
            database = nil
        }
    }
}
