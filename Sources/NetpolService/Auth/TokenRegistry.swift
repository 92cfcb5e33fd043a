import PolicyCore
import Synchronization
import SystemSupport

/// The current set of tokens from the tokens file, replaced whole on reload (SIGHUP), and the
/// check of a presented secret against it.
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
    private let tokens: Mutex<[Principal]>

    /// The tokens of the file at `path`.
    public init(path: String) throws(TokenFileError) {
        self.path = path
        tokens = Mutex(Self.principals(try TokenFile.load(path)))
    }

    /// Reads the file again and replaces the whole set at once (requests see the old or the
    /// new set, never a mix). On error the current set stays.
    /// - Returns: the number of tokens now in force.
    @discardableResult
    public func reload() throws(TokenFileError) -> Int {
        let fresh = try TokenFile.load(path)
        let principals = Self.principals(fresh)
        tokens.withLock { $0 = principals }
        return fresh.count
    }

    /// The number of tokens in force.
    public var count: Int { tokens.withLock { $0.count } }

    /// The token whose hash is the SHA-256 of `secret`. Every token's hash is compared in full
    /// (constant time in the secret and in the position of the match).
    func match(secret: some Collection<UInt8>, now: Int64) -> Match {
        let digest = SHA256Digest.bytes(secret)
        let current = tokens.withLock { $0 }
        var found: Principal?
        for principal in current {
            guard let tokenDigest = principal.token.digest else { continue }
            var difference: UInt8 = 0
            for index in 0..<32 { difference |= tokenDigest[index] ^ digest[index] }
            if difference == 0 { found = principal }
        }
        return Self.check(found, now: now)
    }

    /// The entry for a verified client certificate `subject`.
    func match(subject: String, now: Int64) -> Match {
        Self.check(tokens.withLock { $0.first { $0.token.subject == subject } }, now: now)
    }

    /// One shared principal per token, acting for itself.
    private static func principals(_ tokens: [AccessToken]) -> [Principal] {
        tokens.map { Principal(token: $0, user: nil) }
    }

    private static func check(_ found: Principal?, now: Int64) -> Match {
        guard let found else { return .unknown }
        if let expiresAt = found.token.expiresAt, now >= expiresAt { return .expired }
        return .token(found)
    }

    /// Wall-clock milliseconds since the epoch.
    static func now() -> Int64 { WallClock.milliseconds() }
}
