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
        guard headers.containsName(withPrefix: "impersonate-") else { return .none }  // most requests
        var users: [String] = []
        for (name, value) in headers where name.utf8.count >= 12 {
            guard HTTPHeaders.name(name, hasPrefix: "impersonate-") else { continue }
            guard name.utf8.count == 16, HTTPHeaders.name(name, hasPrefix: "impersonate-user") else {
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
}
