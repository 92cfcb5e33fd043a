/// One entry of the tokens file: a named bearer token, known by the SHA-256 of its secret, or
/// a client certificate subject (`--tls-client-ca`).
struct AccessToken: Sendable, Hashable {
    /// What a token may do; scopes are independent (`write` does not imply `read`).
    enum Scope: String, Sendable, Hashable, CaseIterable {
        /// GET/HEAD, and the stateless POSTs (render, flows, plan).
        case read
        /// PUT, DELETE and restore.
        case write
        /// May act for a user with `Impersonate-User`.
        case impersonate
    }

    /// Recorded as the author of revisions (`NAME`, or `USER (via NAME)` when impersonating).
    let name: String
    /// SHA-256 of the secret (32 bytes); nil for a certificate entry.
    let digest: [UInt8]?
    /// The verified client certificate subject (RFC 4514) this entry stands for; nil for a
    /// bearer token.
    let subject: String?
    let scopes: Set<Scope>
    /// Namespaces the token may touch; nil means every namespace (`*`).
    let namespaces: Set<String>?
    /// Milliseconds since the epoch after which the token is refused; nil: never.
    let expiresAt: Int64?

    /// Whether the token may touch `namespace`.
    func allows(namespace: String) -> Bool {
        namespaces?.contains(namespace) ?? true
    }
}
