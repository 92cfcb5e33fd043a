/// Content-addressed objects on a SQLite connection (table `objects`, migrations/sqlite/0004).
extension Database {
    /// The id of the object `hash`, inserted with `body` when absent.
    func storeObject(hash: [UInt8], body: [UInt8]) throws(SQLiteError) -> Int64 {
        if let id = try first("SELECT id FROM objects WHERE hash = ?", [hash], { $0.int64(0) }) { return id }
        guard let id = try first("INSERT INTO objects (hash, body) VALUES (?, ?) RETURNING id", [hash, body], { $0.int64(0) })
        else { throw .invariant("inserting an object returned no id") }
        return id
    }

    /// The document stored as the packed object ids `packed` (``PackedObjectIDs``).
    func document(packed: [UInt8]) throws(SQLiteError) -> [UInt8] {
        guard let ids = PackedObjectIDs.unpack(packed) else {
            throw .invariant("a revision's object list has \(packed.count) bytes, not a multiple of 8")
        }
        var parts: [[UInt8]] = []
        parts.reserveCapacity(ids.count)
        for id in ids {
            guard let body = try first("SELECT body FROM objects WHERE id = ?", [id], { $0.blob(0) }) else {
                throw .invariant("object \(id) is missing")
            }
            parts.append(body)
        }
        guard let document = DocumentParts(parts: parts) else {
            throw .invariant("a revision's document has \(parts.count) parts")
        }
        return document.document
    }
}
