import HTTPServer

/// The problems of authentication and authorization.
extension ProblemDetails {
    /// The challenge of every 401.
    static let bearerChallenge = #"Bearer realm="lokinetpol""#

    /// 401 with `WWW-Authenticate: Bearer realm="lokinetpol"` (and `error="invalid_token"` when
    /// a token was sent, as RFC 6750 §3.1 says).
    static func unauthorized(_ detail: String, invalidToken: Bool) -> ProblemDetails {
        let challenge = invalidToken ? bearerChallenge + #", error="invalid_token""# : bearerChallenge
        return ProblemDetails(
            status: .unauthorized, slug: "unauthorized", title: "Unauthorized", detail: detail,
            headers: HTTPHeaders([("WWW-Authenticate", challenge)]))
    }

    /// 403: the token's scopes or namespaces do not allow the call.
    static func forbidden(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .forbidden, slug: "forbidden", title: "Forbidden", detail: detail)
    }

    /// 421: without tokens, a `Host` that is not a loopback name (DNS rebinding guard).
    static func misdirected() -> ProblemDetails {
        ProblemDetails(
            status: HTTPStatus(code: 421, reasonPhrase: "Misdirected Request"), slug: "misdirected-request",
            title: "Misdirected Request",
            detail:
                "this unauthenticated server answers only loopback host names (localhost, 127.0.0.1, [::1]) "
                + "and names given with --allowed-host")
    }

    /// 429 with `Retry-After`: too many failed authentications from this address.
    static func tooManyFailedAuthentications(retryAfter seconds: Int) -> ProblemDetails {
        ProblemDetails(
            status: .tooManyRequests, slug: "too-many-requests", title: "Too Many Requests",
            detail: "too many failed authentications from this address; retry in \(seconds) s",
            headers: HTTPHeaders([("Retry-After", String(seconds))]))
    }
}
