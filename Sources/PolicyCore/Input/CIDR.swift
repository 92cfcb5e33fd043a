/// An IPv4 or IPv6 CIDR (`10.0.0.0/8`, `fd00::/8`), parsed strictly as Kubernetes validates
/// `ipBlock.cidr` and `except`.
struct CIDR: Equatable {
    /// 4 or 16 address bytes.
    var address: [UInt8]
    var prefixLength: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = Self.ipv4(parts[0]) ?? Self.ipv6(parts[0]) else { return nil }
        let bits = address.count * 8
        let p = parts[1]
        guard !p.isEmpty, p.count <= 3, p.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            p == "0" || p.first != "0", let length = Int(p), length <= bits
        else { return nil }
        self.address = address
        self.prefixLength = length
    }

    /// Whether `other` is a strict subset of this block (same family, longer prefix, inside).
    func strictlyContains(_ other: CIDR) -> Bool {
        guard other.address.count == address.count, other.prefixLength > prefixLength else { return false }
        var remaining = prefixLength
        for i in 0..<address.count where remaining > 0 {
            let take = min(8, remaining)
            let mask: UInt8 = take == 8 ? 0xFF : ~(0xFF >> UInt8(take))
            if address[i] & mask != other.address[i] & mask { return false }
            remaining -= take
        }
        return true
    }

    /// Dotted decimal, four octets 0–255, no leading zeros.
    private static func ipv4(_ s: Substring) -> [UInt8]? {
        let octets = s.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var out: [UInt8] = []
        for o in octets {
            guard !o.isEmpty, o.count <= 3, o.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                o == "0" || o.first != "0", let v = Int(o), v <= 255
            else { return nil }
            out.append(UInt8(v))
        }
        return out
    }

    /// RFC 4291 text form: eight groups, `::` at most once, optional dotted IPv4 tail.
    private static func ipv6(_ s: Substring) -> [UInt8]? {
        guard s.contains(":") else { return nil }
        let u = Array(s.utf8)
        var doubleColon: Int? = nil
        var i = 0
        while i + 1 < u.count {
            if u[i] == UInt8(ascii: ":"), u[i + 1] == UInt8(ascii: ":") {
                guard doubleColon == nil else { return nil }
                doubleColon = i
                i += 2
                continue
            }
            i += 1
        }
        let head: [UInt16]
        var tail: [UInt16] = []
        if let dc = doubleColon {
            guard let h = groups(u[..<dc], allowIPv4Tail: false), let t = groups(u[(dc + 2)...], allowIPv4Tail: true),
                h.count + t.count <= 7
            else { return nil }
            head = h
            tail = t
        } else {
            guard let h = groups(u[...], allowIPv4Tail: true), h.count == 8 else { return nil }
            head = h
        }
        let all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for g in all {
            bytes.append(UInt8(g >> 8))
            bytes.append(UInt8(g & 0xFF))
        }
        return bytes
    }

    /// Colon-separated hex groups (1–4 digits each); the last may be a dotted IPv4 address.
    private static func groups(_ u: ArraySlice<UInt8>, allowIPv4Tail: Bool) -> [UInt16]? {
        if u.isEmpty { return [] }
        let items = u.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        var out: [UInt16] = []
        for (i, item) in items.enumerated() {
            if allowIPv4Tail, i == items.count - 1, item.contains(UInt8(ascii: ".")) {
                guard let v4 = ipv4(Substring(decoding: item, as: UTF8.self)) else { return nil }
                out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                continue
            }
            guard !item.isEmpty, item.count <= 4 else { return nil }
            var v: UInt16 = 0
            for b in item {
                let d: UInt16
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt16(b - 0x30)
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt16(b - 0x61 + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt16(b - 0x41 + 10)
                default: return nil
                }
                v = v << 4 | d
            }
            out.append(v)
        }
        return out
    }
}
