import PolicyCore

/// Who may call the service and from where (api.md, Security).
public struct SecurityConfiguration: Sendable {
    /// The tokens; nil: no authentication (everyone is `anonymous`, and unless
    /// `allowUnauthenticatedRemote` only loopback `Host` names are answered).
    public var tokens: TokenRegistry?
    /// Serve unauthenticated callers whatever `Host` they name (`--allow-unauthenticated-remote`).
    public var allowUnauthenticatedRemote = false
    /// Extra `Host` names accepted without tokens (`--allowed-host`).
    public var allowedHosts: [String] = []
    /// `/metrics` needs no token (`--metrics-public`).
    public var metricsPublic = false
    /// Peers whose `X-Forwarded-For` names the client (`--trusted-proxies`).
    public var trustedProxies: [CIDRBlock] = []

    /// No tokens, loopback `Host` names only, `/metrics` behind a token, no trusted proxies.
    public init() {}
}
