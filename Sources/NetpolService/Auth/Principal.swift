/// An authenticated caller: the token, and the user it acts for (`Impersonate-User`).
///
/// A class, so that the outcome a request context carries is one reference: the principal
/// of a token acting for itself is made once per token (``TokenRegistry``) and shared by its
/// requests, not allocated and copied field by field per request.
final class Principal: Sendable {
    let token: AccessToken
    let user: String?

    init(token: AccessToken, user: String?) {
        self.token = token
        self.user = user
    }

    /// The author recorded for its writes: `TOKEN`, or `USER (via TOKEN)`.
    var identity: String {
        guard let user else { return token.name }
        return "\(user) (via \(token.name))"
    }
}

/// What the authentication middleware concluded, carried in `RequestContext.authentication`
/// to the authorization middleware and the handlers.
enum AuthenticationOutcome: Sendable {
    /// No tokens are configured: everyone is `anonymous` (the bind and `Host` rules protect).
    case unauthenticatedMode(impersonating: Bool)
    /// No credentials were sent.
    case missing
    /// A valid token (and maybe a user it acts for).
    case principal(Principal)
    /// Refused before routing concerns (401, 429, 421, or 400 for malformed impersonation).
    /// Indirect: the outcome stays small enough to sit in the context without a box.
    indirect case refused(ProblemDetails)
}
