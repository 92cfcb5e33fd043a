/// Hexadecimal digits in ASCII text, read by every parser that meets them (percent-encoding,
/// chunk sizes, IPv6 groups, JSON `\u` escapes, YAML integers, token hashes) and written by
/// JSON `\u` escapes, SHA-256 digests and request ids.
public enum HexDigit {
    /// The value (0–15) of `byte` as a hexadecimal digit of either case; nil for any other byte.
    @inlinable
    public static func value(_ byte: UInt8) -> UInt8? {
        let decimal = byte &- UInt8(ascii: "0")
        if decimal < 10 { return decimal }
        let letter = (byte | 0x20) &- UInt8(ascii: "a")
        if letter < 6 { return letter &+ 10 }
        return nil
    }

    /// The lowercase hexadecimal digit (`0`–`9`, `a`–`f`) of `value`'s low four bits.
    @inlinable
    public static func lowercase(_ value: UInt8) -> UInt8 {
        let nibble = value & 0x0F
        return nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ (nibble &- 10)
    }
}
