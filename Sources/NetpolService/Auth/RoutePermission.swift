import HTTPServer

/// What a route needs from the caller (api.md, Security). Unknown routes need a scope no
/// token has, so a route added without an entry here fails closed (403).
enum RoutePermission: Sendable, Equatable {
    /// `/healthz`, `/readyz`, `/openapi.yaml`.
    case open
    /// `/metrics`: `read` in any namespace, unless `--metrics-public`.
    case metrics
    /// `scope` in any namespace (stateless render and flows, the all-namespaces list).
    case anyNamespace(AccessToken.Scope)
    /// `scope` in the namespace of the `{ns}` path parameter.
    case namespace(AccessToken.Scope)
    /// A matched route missing from the table.
    case unlisted

    private static let stack = "/v1/namespaces/{ns}/lokistacks/{name}"

    /// By route pattern, then method (HEAD is looked up as GET).
    private static let table: [String: [HTTPMethod: RoutePermission]] = [
        "/healthz": [.get: .open],
        "/readyz": [.get: .open],
        "/openapi.yaml": [.get: .open],
        "/metrics": [.get: .metrics],
        "/v1/render": [.post: .anyNamespace(.read)],
        "/v1/flows": [.post: .anyNamespace(.read)],
        "/v1/lokistacks": [.get: .anyNamespace(.read)],
        "/v1/namespaces/{ns}/lokistacks": [.get: .namespace(.read)],
        stack: [.get: .namespace(.read), .put: .namespace(.write), .delete: .namespace(.write)],
        stack + "/policies": [.get: .namespace(.read)],
        stack + "/flows": [.get: .namespace(.read)],
        stack + "/revisions": [.get: .namespace(.read)],
        stack + "/revisions/{n}": [.get: .namespace(.read)],
        stack + "/revisions/{n}/policies": [.get: .namespace(.read)],
        stack + "/revisions/{n}/restore": [.get: .namespace(.read), .post: .namespace(.write)],
        stack + "/diff": [.get: .namespace(.read)],
        stack + "/plan": [.post: .namespace(.read)],
        stack + "/drift": [.post: .namespace(.read)],
    ]

    /// The permission of `method` on `route`; nil when the route does not exist (404) or has
    /// no such method (405): those answers come first.
    static func of(_ method: HTTPMethod, route: String?) -> RoutePermission? {
        guard let route else { return nil }
        guard let methods = table[route] else { return .unlisted }
        return methods[method == .head ? .get : method]
    }

    /// Whether the route needs no token at all.
    var isOpen: Bool { self == .open }
}
