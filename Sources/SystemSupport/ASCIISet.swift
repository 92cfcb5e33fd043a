/// A set of ASCII bytes, as a regular expression's bracket expression or a grammar's character
/// class names them: membership is a shift and a test of one of two 64-bit masks, no table.
public struct ASCIISet: Sendable {
    @usableFromInline let low: UInt64
    @usableFromInline let high: UInt64

    /// The set of the bytes of `members`, which must all be ASCII.
    @inlinable
    public init(_ members: StaticString) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        members.withUTF8Buffer { bytes in
            for b in bytes {
                precondition(b < 0x80, "ASCIISet members are ASCII")
                if b < 64 { low |= 1 << b } else { high |= 1 << (b - 64) }
            }
        }
        self.low = low
        self.high = high
    }

    /// The set whose members are the bits of `low` (bytes 0–63) and `high` (bytes 64–127):
    /// for classes written as precomputed masks, so that a hot path tests constants.
    @inlinable
    public init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// Whether `byte` is in the set (never a byte ≥ 0x80).
    @inlinable
    public func contains(_ byte: UInt8) -> Bool {
        if byte < 64 { return low >> byte & 1 != 0 }
        return byte < 128 && high >> (byte &- 64) & 1 != 0
    }
}
