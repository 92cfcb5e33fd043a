/// A parsed CIDR (`10.0.0.0/8`, `fd00::/64`), as an `ipBlock` names it: parsed strictly, as
/// Kubernetes validates `ipBlock.cidr` and `except` (the input validation and the flow
/// evaluator both use it).
///
/// Host bits after the prefix are ignored (older API servers accept `10.0.0.1/8`
/// and mean the network).
public struct CIDRBlock: Sendable, Hashable {
    /// The network address, host bits cleared.
    public let network: IPAddress
    /// The prefix length, 0…32 (IPv4) or 0…128 (IPv6).
    public let prefix: Int

    /// Parses `address/prefix`. Nil when the address or the prefix is invalid (no
    /// slash, an empty or non-decimal prefix, a leading zero as in `/08`, one longer than the
    /// family allows).
    public init?(_ text: String) {
        guard let slash = text.utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        guard let address = IPAddress(String(text[..<slash])) else { return nil }
        let digits = text.utf8[text.utf8.index(after: slash)...]
        guard !digits.isEmpty, digits.count <= 3, digits.count == 1 || digits.first != UInt8(ascii: "0") else {
            return nil
        }
        var prefix = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            prefix = prefix * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard prefix <= address.bitWidth else { return nil }
        self.network = address.masked(prefix: prefix)
        self.prefix = prefix
    }

    /// True when `address` is of the block's family and inside the block.
    public func contains(_ address: IPAddress) -> Bool {
        address.family == network.family && address.masked(prefix: prefix) == network
    }

    /// Whether `other` is a strict subset of this block: same family, longer prefix, inside.
    public func strictlyContains(_ other: CIDRBlock) -> Bool {
        other.prefix > prefix && contains(other.network)
    }
}
