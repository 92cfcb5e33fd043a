import HTTPServer

/// `Impersonate-User` (Kubernetes' header): a token with scope `impersonate` acts for a user,
/// recorded as `USER (via TOKEN)`.
enum Impersonation {
    /// What the request's impersonation headers say.
    enum Request: Equatable {
        /// No `Impersonate-*` header.
        case none
        /// One well-formed `Impersonate-User`.
        case user(String)
        /// A malformed name, a repeated header or another `Impersonate-*` header (400).
        case malformed(String)
    }

    /// Reads the impersonation headers of `headers`.
    static func read(_ headers: HTTPHeaders) -> Request {
        var users: [String] = []
        for (name, value) in headers where name.utf8.count >= 12 {
            guard startsIgnoringCase(name, with: "impersonate-") else { continue }
            guard name.utf8.count == 16, startsIgnoringCase(name, with: "impersonate-user") else {
                return .malformed("only Impersonate-User is supported; other Impersonate-* headers are refused")
            }
            users.append(value)
        }
        guard let user = users.first else { return .none }
        guard users.count == 1 else { return .malformed("Impersonate-User may be sent once") }
        guard PrincipalName.isValid(user) else {
            return .malformed("Impersonate-User must be 1–128 characters of A-Z a-z 0-9 . _ @ : + -")
        }
        return .user(user)
    }

    /// Whether `name` starts with `prefix` (lowercase ASCII), letter case ignored; no Strings
    /// are built (every request's header names pass here).
    private static func startsIgnoringCase(_ name: String, with prefix: StaticString) -> Bool {
        var bytes = name.utf8.makeIterator()
        return prefix.withUTF8Buffer { expected in
            for byte in expected {
                guard let next = bytes.next() else { return false }
                let lower = next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z") ? next | 0x20 : next
                if lower != byte { return false }
            }
            return true
        }
    }
}
