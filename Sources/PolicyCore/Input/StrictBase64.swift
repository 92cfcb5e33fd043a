/// Strict standard base64 (RFC 4648 §4): the `+/` alphabet, `=` padding to a multiple of four,
/// no whitespace, and zero bits after the last character (one encoding per byte string).
enum StrictBase64 {
    static func decode(_ text: String) -> [UInt8]? {
        let u = Array(text.utf8)
        guard u.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 4 * 3)
        var i = 0
        while i < u.count {
            let isLast = i + 4 == u.count
            var values: [UInt32] = []
            var padding = 0
            for k in 0..<4 {
                let b = u[i + k]
                if b == UInt8(ascii: "=") {
                    // Padding only at the end of the last quantum, in positions 3 and 4.
                    guard isLast, k >= 2 else { return nil }
                    padding += 1
                    continue
                }
                guard padding == 0, let v = value(b) else { return nil }
                values.append(v)
            }
            switch values.count {
            case 4:
                let n = values[0] << 18 | values[1] << 12 | values[2] << 6 | values[3]
                out += [UInt8(n >> 16), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)]
            case 3:
                guard values[2] & 0x3 == 0 else { return nil }
                let n = values[0] << 18 | values[1] << 12 | values[2] << 6
                out += [UInt8(n >> 16), UInt8(n >> 8 & 0xFF)]
            case 2:
                guard values[1] & 0xF == 0 else { return nil }
                let n = values[0] << 18 | values[1] << 12
                out.append(UInt8(n >> 16))
            default:
                return nil
            }
            i += 4
        }
        return out
    }

    private static func value(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(b - 0x41)
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(b - 0x61 + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - 0x30 + 52)
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
