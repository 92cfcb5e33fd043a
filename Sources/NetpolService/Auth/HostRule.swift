import HTTPServer

/// DNS-rebinding guard for an unauthenticated local instance (api.md, Security): the request's
/// `Host` (or absolute-form authority) must be `localhost`, a name ending in `.localhost`, a
/// 127.0.0.0/8 literal, `[::1]` (any port), or a name given with `--allowed-host`.
struct HostRule: Sendable {
    /// Extra accepted host names, lower-cased, without port.
    let allowedHosts: Set<String>

    init(allowedHosts: [String]) {
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    /// Whether `request` names an accepted host.
    func accepts(_ request: HTTPRequest) -> Bool {
        guard let authority = Self.authority(of: request), let host = Self.host(of: authority) else { return false }
        if host == "localhost" || host.hasSuffix(".localhost") || host == "[::1]" { return true }
        if allowedHosts.contains(host) { return true }
        return Self.isLoopbackIPv4(host)
    }

    /// The absolute-form target's authority, else the `Host` header.
    static func authority(of request: HTTPRequest) -> String? {
        let target = request.target.lowercased()
        for scheme in ["http://", "https://"] where target.hasPrefix(scheme) {
            let rest = target.dropFirst(scheme.count)
            let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            return String(rest[..<end])
        }
        return request.headers["Host"]
    }

    /// The host part of an authority, lower-cased, without port or user-info (`[::1]` keeps
    /// its brackets); nil when malformed.
    static func host(of authority: String) -> String? {
        var text = Substring(authority.lowercased())
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let after = text[text.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { return nil }
            return String(text[...close])
        }
        if let colon = text.firstIndex(of: ":") { text = text[..<colon] }
        if text.hasSuffix(".") { text = text.dropLast() }  // `localhost.` is `localhost`
        return text.isEmpty ? nil : String(text)
    }

    private static func isLoopbackIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                && Int(part).map { $0 <= 255 } == true
        }
    }
}
