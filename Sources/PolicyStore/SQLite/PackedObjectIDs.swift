/// How migrations 0004 to 0006 stored a document's object ids in a SQLite revision: 8 bytes
/// each, big-endian, in ``DocumentParts/parts`` order. Only ``DocumentMove`` (writing them) and
/// ``PartsListMove`` (moving them to ``PartsList``) still use it.
enum PackedObjectIDs {
    static func pack(_ ids: [Int64]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 8)
        for id in ids {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: UInt64(bitPattern: id) >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// The ids of `bytes`; `nil` when its length is not a multiple of 8.
    static func unpack(_ bytes: [UInt8]) -> [Int64]? {
        guard bytes.count % 8 == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: 8).map { start in
            Int64(bitPattern: bytes[start..<start + 8].reduce(0) { $0 << 8 | UInt64($1) })
        }
    }
}
