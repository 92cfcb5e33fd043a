import SystemSupport

/// An IPv4 or IPv6 address, as the flow model places outside endpoints.
///
/// Stored as a 128-bit value split in two words; an IPv4 address uses the low
/// 32 bits. IPv4 and IPv6 are distinct families: an IPv4 address never falls in
/// an IPv6 block and vice versa (IPv4-mapped IPv6 forms are IPv6 here).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address family.
    public enum Family: Sendable, Hashable {
        case v4
        case v6
    }

    public let family: Family
    /// Upper 64 bits (always 0 for IPv4).
    let high: UInt64
    /// Lower 64 bits (the address in the low 32 bits for IPv4).
    let low: UInt64

    /// Number of bits in an address of this family.
    var bitWidth: Int { family == .v4 ? 32 : 128 }

    init(family: Family, high: UInt64, low: UInt64) {
        self.family = family
        self.high = high
        self.low = low
    }

    /// Parses dotted-quad IPv4 (`203.0.113.10`) or RFC 4291 IPv6 text (`fd00::10`,
    /// `::ffff:192.0.2.1`). Nil for anything else (zone ids, brackets, whitespace).
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        if utf8.contains(UInt8(ascii: ":")) {
            guard let (high, low) = IPAddress.parseV6(utf8) else { return nil }
            self.init(family: .v6, high: high, low: low)
        } else {
            guard let value = IPAddress.parseV4(utf8[...]) else { return nil }
            self.init(family: .v4, high: 0, low: UInt64(value))
        }
    }

    public var description: String {
        switch family {
        case .v4:
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 0xff).\((v >> 8) & 0xff).\(v & 0xff)"
        case .v6:
            var groups: [String] = []
            groups.reserveCapacity(8)
            for i in 0..<8 {
                let word = i < 4 ? high : low
                let shift = UInt64(48 - 16 * (i % 4))
                groups.append(String((word >> shift) & 0xffff, radix: 16))
            }
            return groups.joined(separator: ":")
        }
    }

    /// The address with every bit after the first `prefix` bits cleared.
    func masked(prefix: Int) -> IPAddress {
        let hostBits = bitWidth - prefix
        var high = self.high
        var low = self.low
        if hostBits >= 64 {
            low = 0
            high = hostBits >= 128 ? 0 : high & ~((UInt64(1) << UInt64(hostBits - 64)) - 1)
        } else if hostBits > 0 {
            low &= ~((UInt64(1) << UInt64(hostBits)) - 1)
        }
        return IPAddress(family: family, high: high, low: low)
    }

    // MARK: Parsing

    private static func parseV4(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        var result: UInt32 = 0
        var octets = 0
        var value = 0
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, octets < 3 else { return nil }
                result = result << 8 | UInt32(value)
                octets += 1
                value = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                // Leading zeros are ambiguous (octal in some parsers): Kubernetes rejects them.
                if digits == 1, value == 0 { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard value <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, octets == 3 else { return nil }
        return result << 8 | UInt32(value)
    }

    private static func parseV6(_ bytes: [UInt8]) -> (UInt64, UInt64)? {
        var groups: [UInt16] = []
        groups.reserveCapacity(8)
        var gap: Int?  // index in `groups` where `::` stands
        var index = 0
        let count = bytes.count
        if count >= 2, bytes[0] == UInt8(ascii: ":") {
            guard bytes[1] == UInt8(ascii: ":") else { return nil }
            gap = 0
            index = 2
        }
        while index < count {
            // One group: hex digits, or a trailing dotted IPv4.
            var end = index
            while end < count, bytes[end] != UInt8(ascii: ":") { end += 1 }
            let field = bytes[index..<end]
            if field.contains(UInt8(ascii: ".")) {
                guard end == count, groups.count <= 6, let v4 = parseV4(field) else { return nil }
                groups.append(UInt16(v4 >> 16))
                groups.append(UInt16(v4 & 0xffff))
                index = end
                break
            }
            guard !field.isEmpty, field.count <= 4, groups.count < 8 else { return nil }
            var value: UInt16 = 0
            for byte in field {
                guard let nibble = HexDigit.value(byte) else { return nil }
                value = value << 4 | UInt16(nibble)
            }
            groups.append(value)
            index = end
            if index < count {
                // At a colon: either a separator or the start of `::`.
                index += 1
                if index < count, bytes[index] == UInt8(ascii: ":") {
                    guard gap == nil else { return nil }
                    gap = groups.count
                    index += 1
                } else if index == count {
                    return nil  // trailing single colon
                }
            }
        }
        if let gap {
            guard groups.count <= 7 else { return nil }
            let zeros = [UInt16](repeating: 0, count: 8 - groups.count)
            groups.insert(contentsOf: zeros, at: gap)
        }
        guard groups.count == 8 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for i in 0..<4 { high = high << 16 | UInt64(groups[i]) }
        for i in 4..<8 { low = low << 16 | UInt64(groups[i]) }
        return (high, low)
    }
}
