import HTTPServer
import PolicyCore

/// Authentication and authorization, the two steps of the request pipeline around the access
/// log and metrics (``RequestPipeline``):
///
/// - ``authenticate(_:_:)`` (outside the access log) decides who the caller is — `Host` rule without
///   tokens (421), failed-authentication limit (429), bearer token (401), impersonation
///   headers (400) — and puts the outcome in the request context, so the access log records the
///   identity of every request, refused ones included;
/// - ``refusal(_:_:_:)`` (inside the metrics) answers the refusal, or lets 404/405 through, then
///   checks scope and namespace (403).
///
/// Order of evaluation (api.md): HTTP-level errors (the server) → 401 → 404/405 → 403 → the
/// handler's path, query, preconditions and body.
struct Authenticator: Sendable {
    let configuration: SecurityConfiguration
    let limiter: FailedAuthenticationLimiter
    let hostRule: HostRule

    init(_ configuration: SecurityConfiguration, limiter: FailedAuthenticationLimiter = FailedAuthenticationLimiter()) {
        self.configuration = configuration
        self.limiter = limiter
        hostRule = HostRule(allowedHosts: configuration.allowedHosts)
    }

    /// Decides who the caller is: sets `context.authentication` and `context.identity`
    /// (before the access log, which records the identity of every request, refused ones too)
    /// and returns the outcome for ``refusal(_:_:_:)``.
    func authenticate(_ request: HTTPRequest, _ context: inout RequestContext) -> AuthenticationOutcome {
        let outcome = outcome(request, context)
        context.authentication = outcome
        if case .principal(let principal) = outcome { context.identity = principal.identity }
        return outcome
    }

    private func outcome(_ request: HTTPRequest, _ context: RequestContext) -> AuthenticationOutcome {
        guard let registry = configuration.tokens else {
            if !configuration.allowUnauthenticatedRemote, context.route != "/healthz", context.route != "/readyz",
                !hostRule.accepts(request)
            {
                return .refused(.misdirected())
            }
            return .unauthenticatedMode(impersonating: Impersonation.read(request.headers) != .none)
        }
        let trustedProxies = configuration.trustedProxies
        // Captures the peer address, not the context: the closure would copy the whole context
        // (and retain each of its strings) on every request, failure or not.
        let peer = context.peerAddress
        let client = {
            ClientAddress.limiterKey(
                ClientAddress.resolve(
                    peer: peer, forwardedFor: request.headers.values("X-Forwarded-For"),
                    trustedProxies: trustedProxies))
        }
        // A client over the failed-authentication limit is refused before its secret is looked
        // at (the limiter is idle unless authentications failed lately).
        if !limiter.isIdle, request.headers.contains("Authorization"), let seconds = limiter.retryAfter(client()) {
            return .refused(.tooManyFailedAuthentications(retryAfter: seconds))
        }
        // The one Authorization value read in place (its bytes, no String); nil: not one
        // `Bearer <secret>`.
        let match: TokenRegistry.Match?
        switch request.headers.occurrence(of: "Authorization", reading: { Self.match($0, in: registry) }) {
        case .absent:
            // A verified client certificate listed in the tokens file (`subject:`) authenticates too.
            guard let subject = context.clientCertificateSubject,
                case .token(let principal) = registry.match(subject: subject, now: TokenRegistry.now())
            else { return .missing }
            return acting(principal, request)
        case .several:
            match = nil
        case .one(let checked):
            match = checked
        }
        switch consume match {
        case .token(let principal):
            return acting(principal, request)
        case nil:
            limiter.recordFailure(client())
            return .refused(.unauthorized("Authorization must be one 'Bearer <token>'", invalidToken: true))
        case .unknown:
            limiter.recordFailure(client())
            return .refused(.unauthorized("the bearer token is not valid", invalidToken: true))
        case .expired:
            limiter.recordFailure(client())
            return .refused(.unauthorized("the bearer token has expired", invalidToken: true))
        }
    }

    /// The authenticated token's `principal` (shared), or the token acting for the user of
    /// `Impersonate-User` (400 when the impersonation headers are malformed).
    private func acting(_ principal: consuming Principal, _ request: HTTPRequest) -> AuthenticationOutcome {
        switch Impersonation.read(request.headers) {
        case .none:
            return .principal(principal)
        case .user(let user):
            return .principal(Principal(token: principal.token, user: user))
        case .malformed(let reason):
            return .refused(.badRequest(reason))
        }
    }

    /// The refusal to answer instead of the handler (401, 429, 421, 400, 403) for the
    /// authentication `outcome` on a route needing `permission` (nil: no such route or method);
    /// nil lets the request through (404 and 405 come before 403).
    func refusal(
        _ outcome: AuthenticationOutcome, _ context: RequestContext, _ permission: RoutePermission?
    ) -> ProblemDetails? {
        switch outcome {
        case .refused(let problem):
            return problem
        case .unauthenticatedMode(let impersonating):
            guard impersonating, permission != nil, permission?.isOpen == false else { return nil }
            return .forbidden("impersonation needs a token with scope impersonate; no tokens are configured")
        case .missing:
            if permission == .open || (permission == .metrics && configuration.metricsPublic) { return nil }
            return .unauthorized("this request needs 'Authorization: Bearer <token>'", invalidToken: false)
        case .principal(let principal):
            guard let permission else { return nil }  // 404 and 405 come before 403
            return Self.forbidden(principal, permission, context, metricsPublic: configuration.metricsPublic)
        }
    }

    /// The 403 for `principal` on a route needing `permission`; nil when allowed.
    static func forbidden(
        _ principal: Principal, _ permission: RoutePermission, _ context: RequestContext, metricsPublic: Bool
    ) -> ProblemDetails? {
        let token = principal.token
        if permission == .open { return nil }
        if principal.user != nil, !token.has(.impersonate) {
            return .forbidden("token \(token.name) may not act for a user (Impersonate-User needs scope impersonate)")
        }
        switch permission {
        case .open:
            return nil  // answered above, before the impersonation check
        case .metrics:
            if metricsPublic || token.has(.read) { return nil }
            return .forbidden("/metrics needs a token with scope read")
        case .anyNamespace(let scope):
            if token.has(scope) { return nil }
            return .forbidden("this call needs scope \(scope.rawValue)")
        case .namespace(let scope):
            guard token.has(scope) else { return .forbidden("this call needs scope \(scope.rawValue)") }
            guard let namespace = context.parameters["ns"], token.allows(namespace: namespace) else {
                return .forbidden("token \(token.name) may not \(scope.rawValue) in this namespace")
            }
            return nil
        case .unlisted:
            return .forbidden("no token may call this route")
        }
    }

    /// `registry`'s answer for the secret in the bytes of an `Authorization` value.
    private static func match(_ value: UnsafeBufferPointer<UInt8>, in registry: TokenRegistry) -> TokenRegistry.Match? {
        guard let secret = bearerSecret(value) else { return nil }
        return registry.match(secret: secret, now: TokenRegistry.now())
    }

    /// The secret of `Bearer <secret>` (scheme case-insensitive, RFC 6750 token68 characters) in
    /// the bytes of an `Authorization` value: the bytes after the scheme and its spaces; nil
    /// unless the value is `Bearer`, spaces, and 1 to 4,096 visible ASCII characters.
    static func bearerSecret(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let scheme: StaticString = "bearer "
        guard bytes.count > scheme.utf8CodeUnitCount else { return nil }
        for index in 0..<scheme.utf8CodeUnitCount {
            let byte = bytes[index]
            guard (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == scheme.utf8Start[index] else { return nil }
        }
        var start = scheme.utf8CodeUnitCount
        while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
        guard start < bytes.count, bytes.count - start <= 4096 else { return nil }
        let secret = UnsafeBufferPointer(rebasing: bytes[start...])
        return secret.allSatisfy({ $0 &- 0x21 < 0x5E }) ? secret : nil  // 0x21…0x7E
    }

    /// The namespaces the caller may read for listings across namespaces; nil: all of them.
    static func readableNamespaces(_ context: RequestContext) -> Set<String>? {
        guard case .principal(let principal)? = context.authentication as? AuthenticationOutcome else { return nil }
        return principal.token.namespaces
    }
}
