/// Content-addressed objects on a SQLite connection (table `objects`, migrations/sqlite/0004).
extension Database {
    /// The id of the object `hash`, inserted with `body` when absent.
    func storeObject(hash: [UInt8], body: [UInt8]) throws(SQLiteError) -> Int64 {
        if let id = try first("SELECT id FROM objects WHERE hash = ?", [hash], { $0.int64(0) }) { return id }
        guard let id = try first("INSERT INTO objects (hash, body) VALUES (?, ?) RETURNING id", [hash, body], { $0.int64(0) })
        else { throw .invariant("inserting an object returned no id") }
        return id
    }

    /// The ids of the objects among `hashes` this database holds, by hash. One cached
    /// single-row statement per hash: in-process, one `IN (…)` statement over all of them was
    /// slower (store-bench storage, 20,000 revisions: 6,632 and 6,749 revisions/s against 8,162
    /// and 8,296 with a lookup per part), unlike PostgreSQL, where each statement is a round trip.
    func objectIDs(hashes: [[UInt8]]) throws(SQLiteError) -> [[UInt8]: Int64] {
        var ids: [[UInt8]: Int64] = [:]
        for hash in hashes {
            if let id = try first("SELECT id FROM objects WHERE hash = ?", [hash], { $0.int64(0) }) { ids[hash] = id }
        }
        return ids
    }

    /// The documents `parts` keeps (``PartIDs``), each put together from its parts' bodies
    /// (``DocumentAssembler``), the others empty: the bodies ``objects`` holds from memory, the
    /// rest read here, one cached single-row statement each, and kept in ``objects`` when this
    /// is a reader connection (it sees committed objects only). The bodies may come from later
    /// snapshots than the parts list: objects are never changed or deleted.
    /// - Throws: an invariant error when an id names no object or a kept document has fewer
    ///   than two parts (a head and a tail).
    func documents(_ parts: PartIDs) throws(SQLiteError) -> (warnings: [UInt8], inputs: [UInt8], policies: [UInt8]) {
        // The connection's reused list (see ``objectBodies``), taken out so that it is unique here.
        var bodies: [[UInt8]?] = []
        swap(&bodies, &objectBodies)
        defer {
            bodies.removeAll(keepingCapacity: true)
            swap(&bodies, &objectBodies)
        }
        if let objects {
            objects.bodies(parts, into: &bodies)
        } else {
            bodies.append(contentsOf: repeatElement(nil, count: parts.count))
        }
        var read: [(id: Int64, body: [UInt8])] = []
        for index in bodies.indices where bodies[index] == nil {
            guard let body = try first("SELECT body FROM objects WHERE id = ?", [parts[index]], { $0.blob(0) }) else {
                throw .invariant("a revision names the missing object \(parts[index])")
            }
            bodies[index] = body
            read.append((parts[index], body))
        }
        if mode == .reader { objects?.insert(read) }
        var documents: [3 of [UInt8]] = [[], [], []]
        for document in 0..<3 where parts.keeps(document) {
            let range = parts.positions(of: document)
            // The document's exact size: its bodies and a comma between items.
            let size = bodies[range].reduce(max(0, range.count - 3)) { $0 + ($1?.count ?? 0) }
            var assembler = DocumentAssembler(reservingCapacity: size)
            for body in bodies[range] {
                if let body { assembler.append(body) }
            }
            let partCount = assembler.partCount
            guard let assembled = assembler.finish() else {
                throw .invariant("document \(document) of a revision has \(partCount) parts")
            }
            documents[document] = assembled
        }
        return (documents[0], documents[1], documents[2])
    }
}
