import PolicyCore
import Synchronization
import SystemSupport

/// The current set of tokens from the tokens file, replaced whole on reload (SIGHUP), and the
/// check of a presented secret against it.
///
/// A secret verified once (its SHA-256 matched a token's hash) is remembered by its keyed
/// ``SecretFingerprint`` beside the token, so the next requests with it skip the SHA-256; the
/// memory goes with the set on reload. Neither the secret nor its SHA-256 is kept for it.
public final class TokenRegistry: Sendable {
    /// The outcome of checking a bearer secret.
    enum Match: Sendable {
        /// The token, as the principal acting for itself.
        case token(Principal)
        /// No token has this secret.
        case unknown
        /// The token's `expires` has passed.
        case expired
    }

    /// The tokens file.
    public let path: String
    private let tokens: Mutex<TokenSet>

    /// The tokens in force and, for each, the fingerprint of its secret once verified.
    private struct TokenSet {
        var principals: [Principal]
        var verified: [SecretFingerprint?]

        init(_ tokens: [AccessToken]) {
            principals = tokens.map { Principal(token: $0, user: nil) }
            verified = Array(repeating: nil, count: tokens.count)
        }
    }

    /// The tokens of the file at `path`.
    public init(path: String) throws(TokenFileError) {
        self.path = path
        tokens = Mutex(TokenSet(try TokenFile.load(path)))
    }

    /// Reads the file again and replaces the whole set at once (requests see the old or the
    /// new set, never a mix). On error the current set stays.
    /// - Returns: the number of tokens now in force.
    @discardableResult
    public func reload() throws(TokenFileError) -> Int {
        let fresh = TokenSet(try TokenFile.load(path))
        tokens.withLock { $0 = fresh }
        return fresh.principals.count
    }

    /// The number of tokens in force.
    public var count: Int { tokens.withLock { $0.principals.count } }

    /// The token whose hash is the SHA-256 of `secret`. Every remembered fingerprint, and on a
    /// miss every token's hash, is compared in full (constant time in the position of the match).
    func match(secret: some Collection<UInt8>, now: Int64) -> Match {
        let fingerprint = SecretFingerprint(secret)
        let remembered = tokens.withLock { set -> Principal? in
            var found: Principal?
            for index in set.verified.indices where set.verified[index] == fingerprint {
                found = set.principals[index]
            }
            return found
        }
        if let remembered { return Self.check(remembered, now: now) }

        let digest = SHA256Digest.bytes(secret)
        let current = tokens.withLock { $0.principals }
        var found: Int?
        for (index, principal) in current.enumerated() {
            guard let tokenDigest = principal.token.digest else { continue }
            var difference: UInt8 = 0
            for byte in 0..<32 { difference |= tokenDigest[byte] ^ digest[byte] }
            if difference == 0 { found = index }
        }
        guard let found else { return .unknown }
        let principal = current[found]
        tokens.withLock { set in
            // Unless a reload replaced the set meanwhile.
            if found < set.principals.count, set.principals[found] === principal { set.verified[found] = fingerprint }
        }
        return Self.check(principal, now: now)
    }

    /// The entry for a verified client certificate `subject`.
    func match(subject: String, now: Int64) -> Match {
        Self.check(tokens.withLock { $0.principals.first { $0.token.subject == subject } }, now: now)
    }

    private static func check(_ found: Principal?, now: Int64) -> Match {
        guard let found else { return .unknown }
        if let expiresAt = found.token.expiresAt, now >= expiresAt { return .expired }
        return .token(found)
    }

    /// Wall-clock milliseconds since the epoch.
    static func now() -> Int64 { WallClock.milliseconds() }
}
