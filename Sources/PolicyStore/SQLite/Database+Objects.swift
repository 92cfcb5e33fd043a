/// Content-addressed objects on a SQLite connection (table `objects`, migrations/sqlite/0004).
extension Database {
    /// The id of the object `hash`, inserted with `body` when absent.
    func storeObject(hash: [UInt8], body: [UInt8]) throws(SQLiteError) -> Int64 {
        if let id = try first("SELECT id FROM objects WHERE hash = ?", [hash], { $0.int64(0) }) { return id }
        guard let id = try first("INSERT INTO objects (hash, body) VALUES (?, ?) RETURNING id", [hash, body], { $0.int64(0) })
        else { throw .invariant("inserting an object returned no id") }
        return id
    }

    /// The documents stored as the packed object ids `packed` (``PackedObjectIDs``), their
    /// objects read in one statement per ``objectsPerStatement`` distinct ids.
    func documents(packed: [[UInt8]]) throws(SQLiteError) -> [[UInt8]] {
        var lists: [[Int64]] = []
        for bytes in packed {
            guard let ids = PackedObjectIDs.unpack(bytes) else {
                throw .invariant("a revision's object list has \(bytes.count) bytes, not a multiple of 8")
            }
            lists.append(ids)
        }
        var bodies: [Int64: [UInt8]] = [:]
        var wanted: [Int64] = []
        for id in Set(lists.joined()) {
            if let body = objectCache?.body(id) { bodies[id] = body } else { wanted.append(id) }
        }
        while !wanted.isEmpty {
            let chunk = Array(wanted.suffix(Self.objectsPerStatement))
            wanted.removeLast(chunk.count)
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            for (id, body) in try all("SELECT id, body FROM objects WHERE id IN (\(placeholders))", chunk, { ($0.int64(0), $0.blob(1)) }) {
                bodies[id] = body
                objectCache?.insert(id, body)
            }
        }
        var documents: [[UInt8]] = []
        for ids in lists {
            var parts: [[UInt8]] = []
            parts.reserveCapacity(ids.count)
            for id in ids {
                guard let body = bodies[id] else { throw .invariant("object \(id) is missing") }
                parts.append(body)
            }
            guard let document = DocumentParts(parts: parts) else {
                throw .invariant("a revision's document has \(parts.count) parts")
            }
            documents.append(document.document)
        }
        return documents
    }

    /// The most ids bound to one object read (far below SQLite's parameter limit).
    static let objectsPerStatement = 256
}
