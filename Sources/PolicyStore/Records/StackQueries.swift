/// The read side: every query a reader connection runs.
enum StackQueries {
    /// The most items on one page.
    static let maximumPageSize = 500

    /// `limit` clamped to 1...``maximumPageSize``.
    static func pageSize(_ limit: Int) -> Int { min(max(limit, 1), maximumPageSize) }

    static func stack(namespace: String, name: String, in database: Database) throws(SQLiteError) -> StoredStack? {
        guard let record = try SQLiteStackTransaction.load(namespace: namespace, name: name, from: database),
            record.isLive
        else { return nil }
        return record.stored
    }

    static func currentRevision(namespace: String, name: String, in database: Database) throws(SQLiteError) -> StoredRevision? {
        try revision(currentRevisionSQL, [namespace, name], in: database)
    }

    /// The last revision, which is the current one while the stack is live.
    static func latestRevision(namespace: String, name: String, in database: Database) throws(SQLiteError) -> StoredRevision? {
        try revision(latestRevisionSQL, [namespace, name], in: database)
    }

    static func revision(
        namespace: String, name: String, number: Int, documents: RevisionDocuments = .all, in database: Database
    ) throws(SQLiteError) -> StoredRevision? {
        guard number >= 1 else { return nil }
        return try revision(revisionSQL, [namespace, name, number], documents: documents, in: database)
    }

    /// ``RevisionColumns/full`` and the revision's parts list (``PartsList``).
    private static let revisionColumns = RevisionColumns.full + ", r.parts"
    private static let currentRevisionSQL = """
        SELECT \(revisionColumns)
        FROM stacks s JOIN revisions r ON r.stack_id = s.id AND r.number = s.current_revision
        WHERE s.namespace = ? AND s.name = ? AND s.deleted_at IS NULL
        """
    private static let latestRevisionSQL = """
        SELECT \(revisionColumns)
        FROM stacks s JOIN revisions r ON r.stack_id = s.id AND r.number = s.current_revision
        WHERE s.namespace = ? AND s.name = ?
        """
    private static let revisionSQL = """
        SELECT \(revisionColumns)
        FROM stacks s JOIN revisions r ON r.stack_id = s.id
        WHERE s.namespace = ? AND s.name = ? AND r.number = ?
        """

    /// The revision `sql` (selecting ``revisionColumns``) finds, the selected documents put
    /// together from their parts (``Database/documents(_:)``), the others empty.
    private static func revision(
        _ sql: String, _ arguments: [any SQLiteBindable], documents selected: RevisionDocuments = .all,
        in database: Database
    ) throws(SQLiteError) -> StoredRevision? {
        // The parts list comes out beside the decoded revision, which is then completed in place
        // (returning both as a tuple copied the revision once more, retaining each of its strings).
        var parts: PartIDs?
        guard
            var revision = try database.first(sql, arguments, { row throws(SQLiteError) in
                let revision = RevisionColumns.revision(row, warnings: [], inputs: [], policies: [])
                parts = try PartsList.ids(of: selected, in: row, column: 9, revision: revision.summary.number)
                return revision
            }),
            let parts
        else { return nil }
        (revision.warningsJSON, revision.inputsJSON, revision.policiesJSON) = try database.documents(parts)
        return revision
    }

    /// A page of revision summaries, newest first, with numbers below `before`
    /// (all when `nil`); `nil` when the stack never existed.
    static func revisions(
        namespace: String, name: String, filter: RevisionFilter, limit: Int, before: Int?, in database: Database
    ) throws(SQLiteError) -> Page<RevisionSummary>? {
        let size = pageSize(limit)
        var sql = """
            SELECT \(RevisionColumns.summary)
            FROM stacks s JOIN revisions r ON r.stack_id = s.id
            WHERE s.namespace = ? AND s.name = ? AND r.number < ?
            """
        var arguments: [any SQLiteBindable] = [namespace, name, before ?? Int.max]
        if let author = filter.author {
            sql += " AND r.author = ?"
            arguments.append(author)
        }
        if let since = filter.since {
            sql += " AND r.created_at >= ?"
            arguments.append(since)
        }
        if let until = filter.until {
            sql += " AND r.created_at <= ?"
            arguments.append(until)
        }
        sql += " ORDER BY r.number DESC LIMIT ?"
        arguments.append(size + 1)
        let rows = try database.all(sql, arguments) { RevisionColumns.summary($0) }
        if rows.isEmpty {
            // Stack rows are never removed, so this answers "did it ever exist".
            let exists = try database.first(
                "SELECT 1 FROM stacks WHERE namespace = ? AND name = ?", [namespace, name]) { _ in true }
            guard exists != nil else { return nil }
        }
        return page(rows, size: size) { .revisions(before: $0.number) }
    }

    private static let stackListing = """
        SELECT s.namespace, s.name, s.etag, s.created_at, s.updated_at, \(RevisionColumns.summary)
        FROM stacks s JOIN revisions r ON r.stack_id = s.id AND r.number = s.current_revision
        WHERE s.deleted_at IS NULL
        """
    private static let stackOrder = " ORDER BY s.namespace, s.name LIMIT ?"

    /// A page of live stacks by `(namespace, name)`, in `namespace` (all when
    /// `nil`), after the key `after` (from the start when `nil`).
    static func stacks(
        namespace: String?, limit: Int, after: (namespace: String, name: String)?, in database: Database
    ) throws(SQLiteError) -> Page<StackSummary> {
        let size = pageSize(limit)
        let sql: String
        let arguments: [any SQLiteBindable]
        switch (namespace, after) {
        case (let namespace?, let after?):
            sql = stackListing + " AND s.namespace = ? AND s.name > ?" + stackOrder
            arguments = [namespace, after.name, size + 1]
        case (let namespace?, nil):
            sql = stackListing + " AND s.namespace = ?" + stackOrder
            arguments = [namespace, size + 1]
        case (nil, let after?):
            sql = stackListing + " AND (s.namespace, s.name) > (?, ?)" + stackOrder
            arguments = [after.namespace, after.name, size + 1]
        case (nil, nil):
            sql = stackListing + stackOrder
            arguments = [size + 1]
        }
        let rows = try database.all(sql, arguments) { row in
            StackSummary(
                namespace: row.text(0), name: row.text(1), etag: row.text(2),
                createdAt: Timestamp.rfc3339(row.int64(3)), updatedAt: Timestamp.rfc3339(row.int64(4)),
                current: RevisionColumns.summary(row, from: 5))
        }
        return page(rows, size: size) { .stacks(namespace: $0.namespace, name: $0.name) }
    }

    /// A page of live stacks by `(namespace, name)` in any of `namespaces`, after `after`.
    static func stacks(
        namespaces: [String], limit: Int, after: (namespace: String, name: String)?, in database: Database
    ) throws(SQLiteError) -> Page<StackSummary> {
        guard !namespaces.isEmpty else { return Page(items: [], nextCursor: nil) }
        let size = pageSize(limit)
        let placeholders = Array(repeating: "?", count: namespaces.count).joined(separator: ", ")
        var sql = stackListing + " AND s.namespace IN (\(placeholders))"
        var arguments: [any SQLiteBindable] = namespaces
        if let after {
            sql += " AND (s.namespace, s.name) > (?, ?)"
            arguments += [after.namespace, after.name]
        }
        arguments.append(size + 1)
        let rows = try database.all(sql + stackOrder, arguments) { row in
            StackSummary(
                namespace: row.text(0), name: row.text(1), etag: row.text(2),
                createdAt: Timestamp.rfc3339(row.int64(3)), updatedAt: Timestamp.rfc3339(row.int64(4)),
                current: RevisionColumns.summary(row, from: 5))
        }
        return page(rows, size: size) { .stacks(namespace: $0.namespace, name: $0.name) }
    }

    /// Every deletion of `namespace/name`, newest first.
    static func deletions(namespace: String, name: String, in database: Database) throws(SQLiteError) -> [StackDeletion] {
        try database.all(
            """
            SELECT d.author, d.deleted_at, d.revision
            FROM stacks s JOIN deletions d ON d.stack_id = s.id
            WHERE s.namespace = ? AND s.name = ?
            ORDER BY d.revision DESC
            """,
            [namespace, name]
        ) { row in
            StackDeletion(author: row.text(0), deletedAt: Timestamp.rfc3339(row.int64(1)), revision: row.int(2))
        }
    }

    /// The first `size` of `rows` (fetched with one extra row to learn whether
    /// more follow), with a cursor after the last item only when more follow.
    static func page<Item>(_ rows: [Item], size: Int, cursor: (Item) -> PageCursor) -> Page<Item> {
        guard rows.count > size, let last = rows.prefix(size).last else {
            return Page(items: rows, nextCursor: nil)
        }
        return Page(items: Array(rows.prefix(size)), nextCursor: cursor(last).token)
    }
}
