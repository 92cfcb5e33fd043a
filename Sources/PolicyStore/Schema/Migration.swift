import PolicyCore

/// One schema migration: `migrations/NNNN_name.sql`.
struct Migration: Sendable, Hashable {
    /// `NNNN` of the file name; migrations apply in increasing version order.
    let version: Int
    /// The file name, e.g. `0001_initial.sql`.
    let fileName: String
    /// The SQL script.
    let sql: [UInt8]

    /// Lowercase hexadecimal SHA-256 of the script, recorded when it is applied.
    var checksum: String { SHA256Digest.hex(sql) }

    /// A migration from its file; `nil` unless the name is `NNNN_name.sql`
    /// (four or more digits, then `_`, a non-empty name, `.sql`).
    init?(fileName: String, sql: [UInt8]) {
        let utf8 = Array(fileName.utf8)
        let digits = utf8.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let suffix = Array(".sql".utf8)
        guard digits.count >= 4, digits.count <= 9,
            utf8.count > digits.count + 1 + suffix.count,
            utf8[digits.count] == UInt8(ascii: "_"),
            utf8.suffix(suffix.count).elementsEqual(suffix)
        else { return nil }
        version = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        self.fileName = fileName
        self.sql = sql
    }
}
