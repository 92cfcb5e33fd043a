import CLibPQ

/// One row of a result in binary format; valid only inside the decoding closure it is
/// passed to. Columns are 0-based. The decoders follow the column types of our schema:
/// `int8`/`int4`, `bool`, `text`, `bytea`; a NULL reads as 0, false, "" or [].
struct PostgresRow {
    let result: OpaquePointer
    let index: Int32

    func isNull(_ column: Int32) -> Bool { PQgetisnull(result, index, column) != 0 }

    /// The raw bytes of the column.
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        guard !isNull(column), let value = PQgetvalue(result, index, column) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: value, count: Int(PQgetlength(result, index, column)))
    }

    func int64(_ column: Int32) -> Int64 {
        let raw = bytes(column)
        guard raw.count == 8 || raw.count == 4 || raw.count == 2 else { return 0 }
        var value: UInt64 = 0
        for byte in raw { value = value << 8 | UInt64(byte) }
        switch raw.count {
        case 4: return Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: value)))
        case 2: return Int64(Int16(bitPattern: UInt16(truncatingIfNeeded: value)))
        default: return Int64(bitPattern: value)
        }
    }

    func int(_ column: Int32) -> Int { Int(truncatingIfNeeded: int64(column)) }

    func bool(_ column: Int32) -> Bool {
        let raw = bytes(column)
        return raw.count == 1 && raw[0] != 0
    }

    /// The column as UTF-8 text (invalid UTF-8 is repaired).
    func text(_ column: Int32) -> String { String(decoding: bytes(column), as: UTF8.self) }

    func blob(_ column: Int32) -> [UInt8] { [UInt8](bytes(column)) }

    /// A one-dimensional `BIGINT[]` without NULLs in the binary array format (header: dimensions,
    /// null flag, element type, then length and lower bound per dimension; then each element
    /// as its length and 8 bytes); `[]` for NULL, an empty array or any other shape.
    func int64Array(_ column: Int32) -> [Int64] {
        let raw = bytes(column)
        func int32(at offset: Int) -> Int32 {
            Int32(bitPattern: raw[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) })
        }
        guard raw.count >= 20, int32(at: 0) == 1 else { return [] }
        let count = Int(int32(at: 12))
        guard count >= 0, raw.count == 20 + count * 12 else { return [] }
        return (0..<count).map { index in
            let start = 20 + index * 12 + 4
            return Int64(bitPattern: raw[start..<start + 8].reduce(0) { $0 << 8 | UInt64($1) })
        }
    }
}
