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

        /// The scope's bit in ``AccessToken/has(_:)``'s mask.
        fileprivate var bit: UInt8 {
            switch self {
            case .read: 1
            case .write: 2
            case .impersonate: 4
            }
        }
    }

    /// Recorded as the author of revisions (`NAME`, or `USER (via NAME)` when impersonating).
    let name: String
    /// SHA-256 of the secret (32 bytes); nil for a certificate entry.
    let digest: [UInt8]?
    /// The verified client certificate subject (RFC 4514) this entry stands for; nil for a
    /// bearer token.
    let subject: String?
    let scopes: Set<Scope>
    /// `scopes` as one bit per scope, for ``has(_:)`` (checked on every authorized request;
    /// a `Set` lookup hashes).
    private let scopeBits: UInt8
    /// Namespaces the token may touch; nil means every namespace (`*`).
    let namespaces: Set<String>?
    /// `namespaces` as a list when there are at most ``fewNamespaces`` of them, for
    /// ``allows(namespace:)`` (checked on every namespaced request): comparing a few strings
    /// costs less than hashing one.
    private let namespaceList: [String]?
    /// The most namespaces ``allows(namespace:)`` compares one by one.
    static let fewNamespaces = 8
    /// Milliseconds since the epoch after which the token is refused; nil: never.
    let expiresAt: Int64?

    init(name: String, digest: [UInt8]?, subject: String?, scopes: Set<Scope>, namespaces: Set<String>?, expiresAt: Int64?) {
        self.name = name
        self.digest = digest
        self.subject = subject
        self.scopes = scopes
        self.namespaces = namespaces
        namespaceList = namespaces.flatMap { $0.count <= Self.fewNamespaces ? Array($0) : nil }
        self.expiresAt = expiresAt
        scopeBits = scopes.reduce(0) { $0 | $1.bit }
    }

    /// Whether the token has `scope`.
    func has(_ scope: Scope) -> Bool { scopeBits & scope.bit != 0 }

    /// Whether the token may touch `namespace`.
    func allows(namespace: String) -> Bool {
        if let namespaceList {
            for allowed in namespaceList where allowed.utf8.count == namespace.utf8.count && allowed == namespace {
                return true
            }
            return false
        }
        return namespaces?.contains(namespace) ?? true
    }
}
