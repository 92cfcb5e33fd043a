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
    static let byteaArray: UInt32 = 1001
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
        guard !elements.isEmpty else { return arrayInt32(0) + arrayInt32(0) + arrayInt32(Int32(PostgresType.int8)) }
        var bytes = arrayInt32(1) + arrayInt32(0) + arrayInt32(Int32(PostgresType.int8))
            + arrayInt32(Int32(elements.count)) + arrayInt32(1)
        bytes.reserveCapacity(bytes.count + elements.count * 12)
        for element in elements {
            bytes += arrayInt32(8)
            bytes += element.postgresBytes ?? []
        }
        return bytes
    }
}

/// A one-dimensional `bytea[]` in PostgreSQL's binary array format.
struct PostgresByteaArray: PostgresBindable {
    let elements: [[UInt8]]

    var postgresType: UInt32 { PostgresType.byteaArray }
    var postgresBytes: [UInt8]? {
        guard !elements.isEmpty else { return arrayInt32(0) + arrayInt32(0) + arrayInt32(Int32(PostgresType.bytea)) }
        var bytes = arrayInt32(1) + arrayInt32(0) + arrayInt32(Int32(PostgresType.bytea))
            + arrayInt32(Int32(elements.count)) + arrayInt32(1)
        for element in elements {
            bytes += arrayInt32(Int32(element.count))
            bytes += element
        }
        return bytes
    }
}

/// The big-endian bytes of `value`, as the binary array format writes its header fields.
private func arrayInt32(_ value: Int32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: value) >> UInt32(24 - 8 * $0)) }
}

/// SQL `NULL` of a type.
struct PostgresNull: PostgresBindable {
    let postgresType: UInt32
    var postgresBytes: [UInt8]? { nil }
}
