/// A Swift value sent as a statement parameter in PostgreSQL's binary format.
protocol PostgresBindable {
    /// The parameter's type OID.
    var postgresType: UInt32 { get }
    /// The binary representation; `nil` for SQL `NULL`.
    var postgresBytes: [UInt8]? { get }
}

/// Type OIDs of `pg_type`.
enum PostgresType {
    static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    static let int8: UInt32 = 20
    static let int4: UInt32 = 23
    static let text: UInt32 = 25
    static let int8Array: UInt32 = 1016
}

extension Int64: PostgresBindable {
    var postgresType: UInt32 { PostgresType.int8 }
    var postgresBytes: [UInt8]? {
        (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: self) >> UInt64(56 - 8 * $0)) }
    }
}

extension Int: PostgresBindable {
    var postgresType: UInt32 { PostgresType.int8 }
    var postgresBytes: [UInt8]? { Int64(self).postgresBytes }
}

extension Bool: PostgresBindable {
    var postgresType: UInt32 { PostgresType.bool }
    var postgresBytes: [UInt8]? { [self ? 1 : 0] }
}

extension String: PostgresBindable {
    var postgresType: UInt32 { PostgresType.text }
    var postgresBytes: [UInt8]? { Array(utf8) }
}

extension Array: PostgresBindable where Element == UInt8 {
    var postgresType: UInt32 { PostgresType.bytea }
    var postgresBytes: [UInt8]? { self }
}

/// A one-dimensional `BIGINT[]` without NULLs (a revision's object ids), in the binary array
/// format: dimensions, null flag, element type, length and lower bound, then each element.
struct PostgresInt8Array: PostgresBindable {
    let elements: [Int64]

    var postgresType: UInt32 { PostgresType.int8Array }
    var postgresBytes: [UInt8]? {
        func int32(_ value: Int32) -> [UInt8] {
            (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: value) >> UInt32(24 - 8 * $0)) }
        }
        guard !elements.isEmpty else { return int32(0) + int32(0) + int32(Int32(PostgresType.int8)) }
        var bytes = int32(1) + int32(0) + int32(Int32(PostgresType.int8)) + int32(Int32(elements.count)) + int32(1)
        bytes.reserveCapacity(bytes.count + elements.count * 12)
        for element in elements {
            bytes += int32(8)
            bytes += element.postgresBytes ?? []
        }
        return bytes
    }
}

/// SQL `NULL` of a type.
struct PostgresNull: PostgresBindable {
    let postgresType: UInt32
    var postgresBytes: [UInt8]? { nil }
}
