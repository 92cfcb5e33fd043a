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

    /// The `json_each` joins that give one row per part of a revision `r` (``PartsList``):
    /// `d.key` the document (0 warnings, 1 inputs, 2 policies), `j.key` the part's position in
    /// it, `o.body` its body (NULL when the object is missing).
    static let partJoins = """
        JOIN json_each(r.parts) d JOIN json_each(d.value) j
        LEFT JOIN objects o ON o.id = j.value
        """

    /// The row `sql` selects once per part, decoded by `header` from its first row, and `count`
    /// documents assembled from the parts. Each row ends with the document's index, the part's
    /// position and its body from `firstColumn` on (``partJoins``: `d.key, j.key, o.body`), in
    /// document order; one statement, so one snapshot. `nil` when there is no row.
    func documents<Header>(
        _ sql: String, _ arguments: [any SQLiteBindable], firstColumn column: Int32, count: Int,
        header: (Row) -> Header
    ) throws(SQLiteError) -> (header: Header, documents: [[UInt8]])? {
        var first: Header?
        var assemblers = Array(repeating: DocumentAssembler(), count: count)
        try forEach(sql, arguments) { row throws(SQLiteError) in
            if first == nil { first = header(row) }
            let document = row.int(column)
            let position = row.int(column + 1)
            guard document >= 0, document < count, position == assemblers[document].partCount else {
                throw .invariant("a revision's parts are out of order (document \(document), position \(position))")
            }
            guard !row.isNull(column + 2) else {
                throw .invariant("part \(position) of document \(document) names a missing object")
            }
            row.withBlob(column + 2) { assemblers[document].append($0) }
        }
        guard let first else { return nil }
        var documents: [[UInt8]] = []
        documents.reserveCapacity(count)
        for (index, assembler) in assemblers.enumerated() {
            guard let document = assembler.finish() else {
                throw .invariant("document \(index) of a revision has \(assembler.partCount) parts")
            }
            documents.append(document)
        }
        return (first, documents)
    }
}
