#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The forms of request-target (RFC 9112 §3.2) and the `authority` syntax shared with `Host`.
enum RequestTarget {
    /// The request's `target` String and its `path` and `query`, checking that the target's
    /// form fits the method: origin-form (`/p?q`), absolute-form (`http://host/p?q`, the path
    /// defaulting to `/`), authority-form (`host:port`, CONNECT only, path = the authority) and
    /// asterisk-form (`*`, OPTIONS only). A path that is the whole target shares its String.
    static func split(
        _ target: UnsafeBufferPointer<UInt8>, method: HTTPMethod
    ) throws(HTTPParseError) -> (target: String, path: String, query: String?) {
        // CONNECT is told by the method's length first: no String comparison for other methods.
        if method.rawValue.utf8.count == 7, method == .connect {
            guard isValidAuthority(target, requirePort: true) else {
                throw .bad("CONNECT needs an authority-form request target")
            }
            let authority = ASCII.string(target)
            return (authority, authority, nil)
        }
        if target[0] == ASCII.slash {
            guard let mark = firstQuestionMark(target) else {
                let whole = ASCII.string(target)
                return (whole, whole, nil)
            }
            let (path, query) = splitPathAndQuery(target, at: mark, defaultPath: "/")
            return (ASCII.string(target), path, query)
        }
        if target.count == 1, target[0] == UInt8(ascii: "*") {
            guard method == .options else { throw .bad("asterisk-form request target is only for OPTIONS") }
            return ("*", "*", nil)
        }
        let (path, query) = try splitAbsoluteForm(target)
        return (ASCII.string(target), path, query)
    }

    /// Index of the first `?` in `bytes`.
    private static func firstQuestionMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress,
            let found = memchr(base, Int32(ASCII.question), bytes.count)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// `bytes` split at the `?` at index `mark` (nil: none), an empty path replaced by
    /// `defaultPath`.
    private static func splitPathAndQuery(
        _ bytes: UnsafeBufferPointer<UInt8>, at mark: Int?, defaultPath: String
    ) -> (path: String, query: String?) {
        guard let mark else {
            return (bytes.isEmpty ? defaultPath : ASCII.string(bytes), nil)
        }
        let path = UnsafeBufferPointer(rebasing: bytes[..<mark])
        let query = UnsafeBufferPointer(rebasing: bytes[(mark + 1)...])
        return (path.isEmpty ? defaultPath : ASCII.string(path), ASCII.string(query))
    }

    /// `http://authority[/path][?query]` (RFC 9112 §3.2.2); other schemes and userinfo are refused.
    private static func splitAbsoluteForm(
        _ target: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParseError) -> (path: String, query: String?) {
        guard let colon = target.firstIndex(of: ASCII.colon) else { throw .bad("invalid request target") }
        let scheme = UnsafeBufferPointer(rebasing: target[..<colon])
        guard ASCII.equalsLowercased(scheme, "http") || ASCII.equalsLowercased(scheme, "https") else {
            throw .bad("invalid request target")
        }
        let rest = UnsafeBufferPointer(rebasing: target[(colon + 1)...])
        guard rest.count >= 2, rest[0] == ASCII.slash, rest[1] == ASCII.slash else {
            throw .bad("invalid request target")
        }
        let afterSlashes = UnsafeBufferPointer(rebasing: rest[2...])
        let authorityEnd =
            afterSlashes.firstIndex { $0 == ASCII.slash || $0 == ASCII.question } ?? afterSlashes.count
        let authority = UnsafeBufferPointer(rebasing: afterSlashes[..<authorityEnd])
        if authority.contains(UInt8(ascii: "@")) { throw .bad("userinfo in request target") }
        guard !authority.isEmpty, isValidAuthority(authority, requirePort: false) else {
            throw .bad("invalid authority in request target")
        }
        let pathAndQuery = UnsafeBufferPointer(rebasing: afterSlashes[authorityEnd...])
        return splitPathAndQuery(pathAndQuery, at: firstQuestionMark(pathAndQuery), defaultPath: "/")
    }

    /// `uri-host [ ":" port ]` (RFC 3986 §3.2): an IP-literal in brackets or a reg-name
    /// (unreserved, sub-delims, pct-encoded), then an optional port of digits. The host must not
    /// be empty: an `http` URI with an empty host is invalid (RFC 9110 §4.2.1), and so is such a
    /// `Host` (RFC 9112 §3.2).
    static func isValidAuthority(_ bytes: UnsafeBufferPointer<UInt8>, requirePort: Bool) -> Bool {
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "[") {
            index += 1
            let literalStart = index
            while index < bytes.count, ASCII.isIPLiteralChar(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "]"), index > literalStart else {
                return false
            }
            index += 1
        } else {
            while index < bytes.count, ASCII.isRegNameChar(bytes[index]) {
                if bytes[index] == ASCII.percent {
                    guard index + 2 < bytes.count, ASCII.hexValue(bytes[index + 1]) != nil,
                        ASCII.hexValue(bytes[index + 2]) != nil
                    else { return false }
                    index += 2
                }
                index += 1
            }
            if index == 0 { return false }
        }
        if index == bytes.count { return !requirePort }
        guard bytes[index] == ASCII.colon else { return false }
        index += 1
        if requirePort, index == bytes.count { return false }
        while index < bytes.count {
            guard ASCII.isDigit(bytes[index]) else { return false }
            index += 1
        }
        return true
    }
}
