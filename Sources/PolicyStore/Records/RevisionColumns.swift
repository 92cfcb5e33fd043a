/// SQL column lists and row decoders for revisions (table alias `r`), for both backends.
enum RevisionColumns {
    /// The ``RevisionSummary`` columns, 7 of them.
    static let summary = "r.number, r.digest, r.enabled, r.reason, r.author, r.created_at, r.change_summary"
    /// ``summary`` followed by the remaining scalar ``StoredRevision`` columns, 9 in all; a
    /// backend appends how it reads the three documents (warnings, inputs, policies).
    static let full = summary + ", r.generator_version, r.restored_from"

    /// Decodes the ``summary`` columns starting at `column`.
    static func summary(_ row: some ResultRow, from column: Int32 = 0) -> RevisionSummary {
        RevisionSummary(
            number: row.int(column), digest: row.text(column + 1), enabled: row.bool(column + 2),
            reason: row.text(column + 3), author: row.text(column + 4),
            createdAt: Timestamp.rfc3339(row.int64(column + 5)), changeSummary: row.text(column + 6))
    }

    /// Decodes the ``full`` columns starting at `column`, with the documents read by the backend.
    static func revision(
        _ row: some ResultRow, from column: Int32 = 0, warnings: [UInt8], inputs: [UInt8], policies: [UInt8]
    ) -> StoredRevision {
        var revision = StoredRevision(
            summary: summary(row, from: column), generatorVersion: row.text(column + 7),
            warningsJSON: warnings, inputsJSON: inputs, policiesJSON: policies)
        revision.restoredFrom = row.isNull(column + 8) ? nil : row.int(column + 8)
        return revision
    }
}
