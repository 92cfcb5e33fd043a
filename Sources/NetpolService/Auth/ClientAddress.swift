import HTTPServer
import PolicyCore

/// The client address a request is attributed to (rate limiting, logs): the peer, or — when
/// the peer is a trusted proxy (`--trusted-proxies`) — the nearest address of
/// `X-Forwarded-For` that is not itself a trusted proxy.
enum ClientAddress {
    /// The client's address, as text; `unknown` when the peer is not an IP socket.
    static func resolve(peer: String?, forwardedFor: [String], trustedProxies: [CIDRBlock]) -> String {
        guard let peer, let peerAddress = address(peer) else { return peer ?? "unknown" }
        guard !trustedProxies.isEmpty, isTrusted(peerAddress, trustedProxies) else { return peerAddress.description }
        var client = peerAddress
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }
        for hop in hops.reversed() {
            let text = String(hop.trimmingOWS())
            guard let hopAddress = address(text) else { break }
            client = hopAddress
            guard isTrusted(hopAddress, trustedProxies) else { break }
        }
        return client.description
    }

    /// The rate-limit key of an address: IPv4 as is, IPv6 by its /64 (one subscriber's prefix).
    static func limiterKey(_ address: String) -> String {
        guard let parsed = IPAddress(address), parsed.family == .v6,
            let block = CIDRBlock(parsed.description + "/64")
        else { return address }
        return block.network.description + "/64"
    }

    /// IPv4, IPv6 (IPv4-mapped IPv6 as IPv4, so a dual-stack socket counts as one client).
    private static func address(_ text: String) -> IPAddress? {
        var text = text
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        let lower = text.lowercased()
        if lower.hasPrefix("::ffff:"), lower.contains(".") { return IPAddress(String(lower.dropFirst(7))) }
        return IPAddress(text)
    }

    private static func isTrusted(_ address: IPAddress, _ proxies: [CIDRBlock]) -> Bool {
        proxies.contains { $0.contains(address) }
    }
}
