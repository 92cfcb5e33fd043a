/// The parts of an endpoint URL string that ports are taken from (spec §5.2, §6).
///
/// Not a general URL parser: it finds the authority (after `scheme://` or `//`, up to the first
/// `/`, `?` or `#`; for a string without a scheme, the part before the first `/`), after removing
/// the authority's user info (through its last `@`, §5.2), and reads
/// `host`, `[ipv6]`, `host:port` or `[ipv6]:port`.
struct EndpointURL: Equatable {
    enum Form: Equatable {
        /// `scheme://authority…`; the scheme lowercased.
        case scheme(String)
        /// `//authority…` (scheme-relative).
        case schemeRelative
        /// No authority marker: `host:port/path`, `fd00::10`, `am:9094`.
        case bare
    }

    var form: Form
    /// The host without brackets or port (empty for a bare string that has none).
    var host: String
    /// The host was written `[…]`.
    var bracketed: Bool
    /// The port written in the URL, if any.
    var explicitPort: Int?

    /// Why a URL string was refused.
    enum Problem: Error, Equatable {
        case whitespace
        /// The scheme, when it is a well-formed one (quoted in the message).
        case scheme(String?)
        /// A port that is empty, not all digits or outside 1–65535. Never quoted: in
        /// `https://KEY:SECRET/…@host` §5.2 reads the start of the secret as the port.
        case port
        case unbracketedIPv6
        case badBrackets
        case emptyHost

        var message: String {
            switch self {
            case .whitespace: return "must not contain whitespace or control characters"
            case .scheme(let s?): return "scheme \(IssueLog.quoted(s)) is not supported: use http or https"
            case .scheme(nil): return "has no supported scheme before \"://\": use http or https"
            case .port: return "has a port that is not a number from 1 to 65535"
            case .unbracketedIPv6: return "an IPv6 host must be written in brackets, as in https://[fd00::10]:9443"
            case .badBrackets: return "has a malformed bracketed IPv6 host"
            case .emptyHost: return "has no host"
            }
        }
    }

    /// Object storage and proxy URLs (§5.2): a scheme, if any, must be http or https.
    static func parseStorage(_ text: String) -> Result<EndpointURL, Problem> {
        parse(text, anyScheme: false)
    }

    /// Alertmanager endpoints (§6): any syntactically valid scheme has an authority; a string
    /// without `scheme://` or `//` is `.bare` and its port is not read.
    static func parseAlertmanager(_ text: String) -> Result<EndpointURL, Problem> {
        parse(text, anyScheme: true)
    }

    /// The port §5.2 gives: explicit, else the scheme default (http 80, https 443), else none.
    var storagePort: Int? {
        if let explicitPort { return explicitPort }
        switch form {
        case .scheme("http"): return 80
        case .scheme("https"): return 443
        default: return nil
        }
    }

    // MARK: - Parsing

    private static func parse(_ text: String, anyScheme: Bool) -> Result<EndpointURL, Problem> {
        if containsWhitespaceOrControl(text) { return .failure(.whitespace) }
        // The form and the authority are found in the string as written; user info is then
        // split off inside the authority (§5.2: at its last `@`), so that no part of it is read
        // as a host or port. (A port is never quoted: it may be the start of a secret.)
        var contiguous = text
        return contiguous.withUTF8 { parse($0, anyScheme: anyScheme) }
    }

    private static func parse(_ u: UnsafeBufferPointer<UInt8>, anyScheme: Bool) -> Result<EndpointURL, Problem> {
        switch authorityStart(u, anyScheme: anyScheme) {
        case .failure(let p): return .failure(p)
        case .success(let start?):
            let form: Form
            if start.scheme.isEmpty {
                form = .schemeRelative
            } else {
                form = .scheme(start.scheme)
            }
            var end = start.offset
            while end < u.count, u[end] != UInt8(ascii: "/"), u[end] != UInt8(ascii: "?"), u[end] != UInt8(ascii: "#") {
                end += 1
            }
            return hostPort(withoutUserInfo(u[start.offset..<end]), form: form, inAuthority: true)
        case .success(nil):
            if anyScheme {
                // §6: no authority, so no port is read (counted as the default by the caller).
                return .success(EndpointURL(form: .bare, host: "", bracketed: false, explicitPort: nil))
            }
            let end = u.firstIndex(of: UInt8(ascii: "/")) ?? u.count
            return hostPort(withoutUserInfo(u[0..<end]), form: .bare, inAuthority: false)
        }
    }

    private struct AuthorityStart {
        var scheme: String  // lowercased; empty for `//`
        var offset: Int
    }

    /// Where the authority begins, if the string has one.
    private static func authorityStart(_ u: UnsafeBufferPointer<UInt8>, anyScheme: Bool) -> Result<AuthorityStart?, Problem> {
        if u.count >= 2, u[0] == UInt8(ascii: "/"), u[1] == UInt8(ascii: "/") {
            return .success(AuthorityStart(scheme: "", offset: 2))
        }
        guard let sep = schemeSeparator(u) else { return .success(nil) }
        let candidate = u[..<sep]
        if anyScheme {
            guard isSchemeToken(candidate) else { return .success(nil) }
            return .success(AuthorityStart(scheme: String(decoding: candidate, as: UTF8.self).lowercased(), offset: sep + 3))
        }
        if equalsIgnoringASCIICase(candidate, "http") { return .success(AuthorityStart(scheme: "http", offset: sep + 3)) }
        if equalsIgnoringASCIICase(candidate, "https") { return .success(AuthorityStart(scheme: "https", offset: sep + 3)) }
        // Quote only a well-formed scheme: anything else before `://` may be user info.
        return .failure(.scheme(isSchemeToken(candidate) ? String(decoding: candidate, as: UTF8.self) : nil))
    }

    private static func equalsIgnoringASCIICase(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        for (i, b) in bytes.enumerated() {
            let folded = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if folded != lower.utf8Start[i] { return false }
        }
        return true
    }

    /// The offset of `://` when no `/` comes before it.
    private static func schemeSeparator<C: RandomAccessCollection<UInt8>>(_ u: C) -> Int? where C.Index == Int {
        guard let slash = u.firstIndex(of: UInt8(ascii: "/")), slash > 0,
            u[slash - 1] == UInt8(ascii: ":"), slash + 1 < u.count, u[slash + 1] == UInt8(ascii: "/")
        else { return nil }
        return slash - 1
    }

    /// RFC 3986: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
    private static func isSchemeToken(_ u: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let first = u.first, isAlpha(first) else { return false }
        return u.allSatisfy {
            isAlpha($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
                || $0 == UInt8(ascii: ".")
        }
    }

    @inline(__always) private static func isAlpha(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// `authority` after its last `@` (§5.2), or all of it.
    private static func withoutUserInfo(_ authority: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        guard let at = authority.lastIndex(of: UInt8(ascii: "@")) else { return authority }
        return authority[(at + 1)...]
    }

    /// Reads `host[:port]` (user info already removed).
    private static func hostPort(
        _ slice: Slice<UnsafeBufferPointer<UInt8>>, form: Form, inAuthority: Bool
    ) -> Result<EndpointURL, Problem> {
        let hp = slice  // user info was removed before parsing
        if hp.first == UInt8(ascii: "[") {
            guard let close = hp.firstIndex(of: UInt8(ascii: "]")) else { return .failure(.badBrackets) }
            let host = String(decoding: hp[(hp.startIndex + 1)..<close], as: UTF8.self)
            if host.isEmpty { return .failure(.emptyHost) }
            let rest = hp[(close + 1)...]
            if rest.isEmpty { return .success(EndpointURL(form: form, host: host, bracketed: true, explicitPort: nil)) }
            guard rest.first == UInt8(ascii: ":") else { return .failure(.badBrackets) }
            return port(rest.dropFirst()).map { EndpointURL(form: form, host: host, bracketed: true, explicitPort: $0) }
        }
        let colons = hp.lazy.filter { $0 == UInt8(ascii: ":") }.count
        if colons >= 2 {
            // A bare IPv6 address: an error inside an authority, no port otherwise (§5.2, D11).
            if inAuthority { return .failure(.unbracketedIPv6) }
            return .success(EndpointURL(form: form, host: String(decoding: hp, as: UTF8.self), bracketed: false, explicitPort: nil))
        }
        if colons == 1, let colon = hp.firstIndex(of: UInt8(ascii: ":")) {
            let host = String(decoding: hp[..<colon], as: UTF8.self)
            if host.isEmpty, inAuthority { return .failure(.emptyHost) }
            return port(hp[(colon + 1)...]).map { EndpointURL(form: form, host: host, bracketed: false, explicitPort: $0) }
        }
        if hp.isEmpty, inAuthority { return .failure(.emptyHost) }
        return .success(EndpointURL(form: form, host: String(decoding: hp, as: UTF8.self), bracketed: false, explicitPort: nil))
    }

    /// A port: all ASCII digits, 1–65535, checked without integer overflow.
    private static func port(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Result<Int, Problem> {
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return .failure(.port) }
        let significant = digits.drop { $0 == UInt8(ascii: "0") }
        guard significant.count <= 5 else { return .failure(.port) }
        let value = significant.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard value >= 1 && value <= 65535 else { return .failure(.port) }
        return .success(value)
    }

    /// Any Unicode white space or control character (Cc).
    static func containsWhitespaceOrControl(_ text: String) -> Bool {
        var ascii = true
        for b in text.utf8 {
            if b < 0x21 || b == 0x7F { return true }
            if b >= 0x80 { ascii = false }
        }
        if ascii { return false }
        for s in text.unicodeScalars {
            let v = s.value
            if v < 0x21 || v == 0x7F { return true }
            if v < 0x80 { continue }
            if (0x80...0x9F).contains(v) || s.properties.isWhitespace { return true }
        }
        return false
    }

    // MARK: - Credentials

    /// `text` without anything that may be user info: everything from the start of the authority
    /// (after `scheme://` or `//`; for a string without either, from the start) through the
    /// **last** `@` of the string. §5.2 ends the authority at the first `/`, `?` or `#`, but
    /// secret keys contain `/` (AWS) and passwords `?` or `#`: any `@` is taken as ending user info
    /// in some plausible reading, so none of it is kept. What is stored of a URL, unless that
    /// would change the host or port §5.2 reads (`removingUserInfoKeepingAuthority`).
    static func removingUserInfo(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
        let u = Array(text.utf8)
        let start = authorityOffset(u)
        guard let at = u[start...].lastIndex(of: UInt8(ascii: "@")) else { return text }
        return String(decoding: u[..<start] + u[(at + 1)...], as: UTF8.self)
    }

    /// `text` without its authority's user info (§5.2) and, when an `@` follows the authority,
    /// without the path, query or fragment from their first character through the last `@`
    /// (which may be the rest of a secret that holds `/`, `?` or `#`). The host and port §5.2
    /// reads stay as written.
    static func removingUserInfoKeepingAuthority(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
        // Bounds of the string as written: removing user info may not change its form
        // (`http@//host` is a bare string, not a scheme-relative one).
        let u = Array(text.utf8)
        let (start, end) = authorityBounds(u)
        var kept = Array(u[..<start])
        let userInfoEnd = u[start..<end].lastIndex(of: UInt8(ascii: "@")).map { $0 + 1 } ?? start
        kept += u[userInfoEnd..<end]
        if end < u.count {
            kept.append(u[end])
            let pathStart = u[(end + 1)...].lastIndex(of: UInt8(ascii: "@")).map { $0 + 1 } ?? end + 1
            kept += u[pathStart...]
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// True when an `@` comes after the authority (in the path, query or fragment), so that
    /// `removingUserInfo` removes part of them too.
    static func userInfoReachesPastAuthority(_ text: String) -> Bool {
        let u = Array(text.utf8)
        let (_, end) = authorityBounds(u)
        return u[end...].contains(UInt8(ascii: "@"))
    }

    /// The authority's start and end offsets (§5.2): after `//` or `scheme://` up to the first
    /// `/`, `?` or `#`; for a string without either, from the start up to the first `/`.
    private static func authorityBounds(_ u: [UInt8]) -> (start: Int, end: Int) {
        let start = authorityOffset(u)
        let delimiters: [UInt8] =
            start == 0 ? [UInt8(ascii: "/")] : [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")]
        let end = u[start...].firstIndex { delimiters.contains($0) } ?? u.count
        return (start, end)
    }

    /// Where the authority starts: after `//` or `scheme://`, else 0.
    private static func authorityOffset(_ u: [UInt8]) -> Int {
        if u.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) { return 2 }
        if let sep = schemeSeparator(u) { return sep + 3 }
        return 0
    }
}
