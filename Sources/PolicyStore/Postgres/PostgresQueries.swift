/// The PostgreSQL statements of the read side (the same results as SQLite's `StackQueries`).
enum PostgresQueries {
    /// The row of `namespace/name`, deleted or not.
    static func record(
        namespace: String, name: String, in connection: PostgresConnection
    ) throws(PostgresError) -> StackRecord? {
        try connection.first(
            StackRecord.selectFromJoins + " WHERE s.namespace = $1 AND s.name = $2",
            [namespace, name]
        ) { row in
            StackRecord(row: row, namespace: namespace, name: name)
        }
    }

    static func currentRevision(
        namespace: String, name: String, liveOnly: Bool, in connection: PostgresConnection
    ) throws(PostgresError) -> StoredRevision? {
        try revision(
            """
            SELECT \(revisionColumns)
            FROM stacks s JOIN revisions r ON r.stack_id = s.id AND r.number = s.current_revision
            \(objectJoins(.all))
            WHERE s.namespace = $1 AND s.name = $2
            """ + (liveOnly ? " AND s.deleted_at IS NULL" : ""),
            [namespace, name], in: connection)
    }

    static func revision(
        namespace: String, name: String, number: Int, documents: RevisionDocuments, in connection: PostgresConnection
    ) throws(PostgresError) -> StoredRevision? {
        guard number >= 1, number <= Int(Int32.max) else { return nil }
        return try revision(
            """
            SELECT \(revisionColumns)
            FROM stacks s JOIN revisions r ON r.stack_id = s.id
            \(objectJoins(documents))
            WHERE s.namespace = $1 AND s.name = $2 AND r.number = $3
            """,
            [namespace, name, number], documents: documents, in: connection)
    }

    /// ``RevisionColumns/full``, the three documents' object ids, and one row per distinct
    /// object of the selected documents with its body: the revision and its objects in one
    /// statement.
    private static let revisionColumns = RevisionColumns.full
        + ", r.warnings_parts, r.inputs_parts, r.policies_parts, o.id, o.body"

    /// The joins that add a row per distinct object of the `documents` of revision `r`.
    private static func objectJoins(_ documents: RevisionDocuments) -> String {
        let arrays = zip(["r.warnings_parts", "r.inputs_parts", "r.policies_parts"], documents.selection)
            .filter { $0.1 }.map { $0.0 }
        return """
            LEFT JOIN LATERAL (SELECT DISTINCT unnest(\(arrays.isEmpty ? "ARRAY[]::bigint[]" : arrays.joined(separator: " || "))) AS id) p ON true
            LEFT JOIN objects o ON o.id = p.id
            """
    }

    /// The revision the rows of a ``revisionColumns`` query describe, its selected documents
    /// assembled, the others empty.
    private static func revision(
        _ sql: String, _ arguments: [any PostgresBindable], documents selected: RevisionDocuments = .all,
        in connection: PostgresConnection
    ) throws(PostgresError) -> StoredRevision? {
        var revision: StoredRevision?
        var parts: [[Int64]] = []
        var bodies: [Int64: [UInt8]] = [:]
        _ = try connection.all(sql, arguments) { row in
            if revision == nil {
                revision = RevisionColumns.revision(row, warnings: [], inputs: [], policies: [])
                parts = [row.int64Array(9), row.int64Array(10), row.int64Array(11)]
            }
            if !row.isNull(12) { bodies[row.int64(12)] = row.blob(13) }
        }
        guard var stored = revision else { return nil }
        var documents: [[UInt8]] = []
        for (ids, isSelected) in zip(parts, selected.selection) {
            guard isSelected else {
                documents.append([])
                continue
            }
            var assembler = DocumentAssembler()
            for id in ids {
                guard let body = bodies[id] else { throw .invariant("object \(id) is missing") }
                assembler.append(body)
            }
            guard let document = assembler.finish() else {
                throw .invariant("a revision's document has \(ids.count) parts")
            }
            documents.append(document)
        }
        (stored.warningsJSON, stored.inputsJSON, stored.policiesJSON) = (documents[0], documents[1], documents[2])
        return stored
    }

    /// The live stack's current revision number; `nil` when absent or deleted. One index lookup.
    static func currentRevisionNumber(
        namespace: String, name: String, in connection: PostgresConnection
    ) throws(PostgresError) -> Int? {
        try connection.first(
            "SELECT current_revision FROM stacks WHERE namespace = $1 AND name = $2 AND deleted_at IS NULL",
            [namespace, name]
        ) { $0.int(0) }
    }

    static func revisions(
        namespace: String, name: String, filter: RevisionFilter, limit: Int, before: Int?,
        in connection: PostgresConnection
    ) throws(PostgresError) -> Page<RevisionSummary>? {
        let size = StackQueries.pageSize(limit)
        var sql = """
            SELECT \(RevisionColumns.summary)
            FROM stacks s JOIN revisions r ON r.stack_id = s.id
            WHERE s.namespace = $1 AND s.name = $2 AND r.number < $3
            """
        var arguments: [any PostgresBindable] = [namespace, name, before ?? Int.max]
        if let author = filter.author {
            arguments.append(author)
            sql += " AND r.author = $\(arguments.count)"
        }
        if let since = filter.since {
            arguments.append(since)
            sql += " AND r.created_at >= $\(arguments.count)"
        }
        if let until = filter.until {
            arguments.append(until)
            sql += " AND r.created_at <= $\(arguments.count)"
        }
        arguments.append(size + 1)
        sql += " ORDER BY r.number DESC LIMIT $\(arguments.count)"
        let rows = try connection.all(sql, arguments) { RevisionColumns.summary($0) }
        if rows.isEmpty {
            let exists = try connection.first(
                "SELECT 1 FROM stacks WHERE namespace = $1 AND name = $2", [namespace, name]) { _ in true }
            guard exists != nil else { return nil }
        }
        return StackQueries.page(rows, size: size) { .revisions(before: $0.number) }
    }

    private static let stackListing = """
        SELECT s.namespace, s.name, s.etag, s.created_at, s.updated_at, \(RevisionColumns.summary)
        FROM stacks s JOIN revisions r ON r.stack_id = s.id AND r.number = s.current_revision
        WHERE s.deleted_at IS NULL
        """

    static func stacks(
        namespace: String?, limit: Int, after: (namespace: String, name: String)?, in connection: PostgresConnection
    ) throws(PostgresError) -> Page<StackSummary> {
        let size = StackQueries.pageSize(limit)
        let sql: String
        let arguments: [any PostgresBindable]
        switch (namespace, after) {
        case (let namespace?, let after?):
            sql = stackListing + " AND s.namespace = $1 AND s.name > $2 ORDER BY s.namespace, s.name LIMIT $3"
            arguments = [namespace, after.name, size + 1]
        case (let namespace?, nil):
            sql = stackListing + " AND s.namespace = $1 ORDER BY s.namespace, s.name LIMIT $2"
            arguments = [namespace, size + 1]
        case (nil, let after?):
            sql = stackListing + " AND (s.namespace, s.name) > ($1, $2) ORDER BY s.namespace, s.name LIMIT $3"
            arguments = [after.namespace, after.name, size + 1]
        case (nil, nil):
            sql = stackListing + " ORDER BY s.namespace, s.name LIMIT $1"
            arguments = [size + 1]
        }
        let rows = try connection.all(sql, arguments) { row in
            StackSummary(
                namespace: row.text(0), name: row.text(1), etag: row.text(2),
                createdAt: Timestamp.rfc3339(row.int64(3)), updatedAt: Timestamp.rfc3339(row.int64(4)),
                current: RevisionColumns.summary(row, from: 5))
        }
        return StackQueries.page(rows, size: size) { .stacks(namespace: $0.namespace, name: $0.name) }
    }

    /// A page of live stacks by `(namespace, name)` in any of `namespaces`, after `after`.
    static func stacks(
        namespaces: [String], limit: Int, after: (namespace: String, name: String)?,
        in connection: PostgresConnection
    ) throws(PostgresError) -> Page<StackSummary> {
        guard !namespaces.isEmpty else { return Page(items: [], nextCursor: nil) }
        let size = StackQueries.pageSize(limit)
        var arguments: [any PostgresBindable] = namespaces
        let placeholders = (1...namespaces.count).map { "$\($0)" }.joined(separator: ", ")
        var sql = stackListing + " AND s.namespace IN (\(placeholders))"
        if let after {
            arguments += [after.namespace, after.name]
            sql += " AND (s.namespace, s.name) > ($\(arguments.count - 1), $\(arguments.count))"
        }
        arguments.append(size + 1)
        sql += " ORDER BY s.namespace, s.name LIMIT $\(arguments.count)"
        let rows = try connection.all(sql, arguments) { row in
            StackSummary(
                namespace: row.text(0), name: row.text(1), etag: row.text(2),
                createdAt: Timestamp.rfc3339(row.int64(3)), updatedAt: Timestamp.rfc3339(row.int64(4)),
                current: RevisionColumns.summary(row, from: 5))
        }
        return StackQueries.page(rows, size: size) { .stacks(namespace: $0.namespace, name: $0.name) }
    }

    /// Every deletion of `namespace/name`, newest first.
    static func deletions(
        namespace: String, name: String, in connection: PostgresConnection
    ) throws(PostgresError) -> [StackDeletion] {
        try connection.all(
            """
            SELECT d.author, d.deleted_at, d.revision
            FROM stacks s JOIN deletions d ON d.stack_id = s.id
            WHERE s.namespace = $1 AND s.name = $2
            ORDER BY d.revision DESC
            """,
            [namespace, name]
        ) { row in
            StackDeletion(author: row.text(0), deletedAt: Timestamp.rfc3339(row.int64(1)), revision: row.int(2))
        }
    }
}
