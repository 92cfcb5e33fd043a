/// SQL column lists and row decoders for revisions (table alias `r`), for both backends.
enum RevisionColumns {
    /// The ``RevisionSummary`` columns, 7 of them.
    static let summary = "r.number, r.digest, r.enabled, r.reason, r.author, r.created_at, r.change_summary"
    /// ``summary`` followed by the remaining ``StoredRevision`` columns, 12 in all.
    static let full = summary + ", r.generator_version, r.warnings, r.inputs, r.policies, r.restored_from"

    /// Decodes the ``summary`` columns starting at `column`.
    static func summary(_ row: some ResultRow, from column: Int32 = 0) -> RevisionSummary {
        RevisionSummary(
            number: row.int(column), digest: row.text(column + 1), enabled: row.bool(column + 2),
            reason: row.text(column + 3), author: row.text(column + 4),
            createdAt: Timestamp.rfc3339(row.int64(column + 5)), changeSummary: row.text(column + 6))
    }

    /// Decodes the ``full`` columns starting at `column`.
    static func revision(_ row: some ResultRow, from column: Int32 = 0) -> StoredRevision {
        var revision = StoredRevision(
            summary: summary(row, from: column), generatorVersion: row.text(column + 7),
            warningsJSON: row.blob(column + 8), inputsJSON: row.blob(column + 9),
            policiesJSON: row.blob(column + 10))
        revision.restoredFrom = row.isNull(column + 11) ? nil : row.int(column + 11)
        return revision
    }
}
