/// A row of a query result, whatever the backend (SQLite's ``Row``, PostgreSQL's
/// ``PostgresRow``): typed reads by column index, so that row decoders are written once.
protocol ResultRow {
    func isNull(_ column: Int32) -> Bool
    func int64(_ column: Int32) -> Int64
    func int(_ column: Int32) -> Int
    func bool(_ column: Int32) -> Bool
    func text(_ column: Int32) -> String
    func blob(_ column: Int32) -> [UInt8]
}

extension Row: ResultRow {}
extension PostgresRow: ResultRow {}
