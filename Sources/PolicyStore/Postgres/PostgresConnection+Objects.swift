/// Content-addressed objects on a PostgreSQL connection (table `objects`, migrations/postgres/0004).
extension PostgresConnection {
    /// The id of the object `hash`, inserted with `body` when absent. Two replicas inserting the
    /// same object at once: the second waits for the first's transaction and then finds its row.
    func storeObject(hash: [UInt8], body: [UInt8]) throws(PostgresError) -> Int64 {
        if let id = try first("SELECT id FROM objects WHERE hash = $1", [hash], { $0.int64(0) }) { return id }
        if let id = try first(
            "INSERT INTO objects (hash, body) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING RETURNING id",
            [hash, body], { $0.int64(0) })
        {
            return id
        }
        guard let id = try first("SELECT id FROM objects WHERE hash = $1", [hash], { $0.int64(0) }) else {
            throw .invariant("an object was neither inserted nor found")
        }
        return id
    }

    /// The ids of the objects among `hashes` the database holds, by hash: one round trip.
    func objectIDs(hashes: [[UInt8]]) throws(PostgresError) -> [[UInt8]: Int64] {
        var ids: [[UInt8]: Int64] = [:]
        _ = try all("SELECT hash, id FROM objects WHERE hash = ANY($1)", [PostgresByteaArray(elements: hashes)]) { row in
            ids[row.blob(0)] = row.int64(1)
        }
        return ids
    }
}
