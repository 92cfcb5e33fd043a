/// Decimal digits appended to ASCII text (dates and times: `2025`, `07`, `123`).
public enum DecimalText {
    /// Appends `value` in decimal, zero-padded to at least `width` digits.
    public static func append(_ value: UInt64, width: Int, to text: inout [UInt8]) {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        var index = text.count + max(width, count)
        text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(width, count)))
        rest = value
        while rest > 0 {
            index -= 1
            text[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }
}
