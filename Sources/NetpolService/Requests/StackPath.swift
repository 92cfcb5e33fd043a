import HTTPServer
import PolicyCore

/// The stack a route's path names.
struct StackPath: Sendable, Hashable {
    var namespace: String
    var name: String

    /// The stack's URL path.
    var location: String { "/v1/namespaces/\(namespace)/lokistacks/\(name)" }

    /// `{ns}` and `{name}` of the context; nil when either is not a DNS-1123 label (no stack
    /// can have it). Borrowed: an initializer would otherwise take (copy) the whole context.
    init?(_ context: borrowing RequestContext) {
        guard let namespace = context.parameters["ns"], let name = context.parameters["name"],
            StackPath.isDNSLabel(namespace), StackPath.isDNSLabel(name)
        else { return nil }
        self.namespace = namespace
        self.name = name
    }

    init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// `{ns}` and `{name}` of the context as they are (empty when absent), not checked.
    init(unchecked context: borrowing RequestContext) {
        namespace = context.parameters["ns"] ?? ""
        name = context.parameters["name"] ?? ""
    }

    /// The stack of the path, or the 404 a read/delete route answers for an impossible name.
    static func required(_ context: RequestContext) throws(ServiceError) -> StackPath {
        guard let path = StackPath(context) else {
            throw .notFound("no such stack: namespace and name must be DNS-1123 labels")
        }
        return path
    }

    /// The stack a write (PUT) names: a path segment that is not a DNS-1123 label is the 422
    /// the input's metadata check would report at `/lokistack/metadata/…`, answered before
    /// preconditions and the body are looked at (api.md order of evaluation).
    static func forWrite(_ context: RequestContext) throws(ServiceError) -> StackPath {
        let path = StackPath(unchecked: context)
        var issues: [FieldIssue] = []
        for (field, value) in [("name", path.name), ("namespace", path.namespace)] where !isDNSLabel(value) {
            issues.append(
                FieldIssue(
                    pointer: "/lokistack/metadata/" + field,
                    message: "the request path's \(field) must be a DNS-1123 label (1-63 characters: lowercase "
                        + "letters, digits and '-', starting and ending with a letter or digit)"))
        }
        guard issues.isEmpty else { throw .invalidInput(InputError(issues)) }
        return path
    }

    /// A revision number path segment (1, 2, …); nil when it is not one (404).
    static func revisionNumber(_ context: RequestContext) throws(ServiceError) -> Int {
        guard let text = context.parameters["n"], let value = QueryParameters.decimal(text), value >= 1 else {
            throw .notFound("no such revision: revision numbers are 1, 2, 3, …")
        }
        return value
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, 1–63 bytes (PolicyCore's Kubernetes name rules).
    static func isDNSLabel(_ text: String) -> Bool {
        KubernetesNames.isDNSLabel(text)
    }
}
