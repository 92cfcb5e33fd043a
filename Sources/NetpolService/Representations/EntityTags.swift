import HTTPServer
import PolicyStore

/// The service's entity tags and the write preconditions of PUT/DELETE (api.md
/// "Conditional requests").
enum EntityTags {
    /// Policies: the strong tag `"sha256:<hex>"` (the digest), the same for JSON and YAML.
    static func policies(digest: String) -> String { "\"" + digest + "\"" }

    /// A revision: its number and digest (`"3-sha256:<hex>"`), so A → B → A gives revisions 1
    /// and 3 different tags.
    static func revision(number: Int, digest: String) -> String { "\"\(number)-\(digest)\"" }

    /// The preconditions of a PUT, restore or DELETE: `If-Match` (a malformed one can never
    /// pass) and `If-None-Match` (`*` = create-only; a malformed one is ignored). The service's
    /// early check and the store's check inside the write transaction evaluate this same value
    /// (``WritePrecondition/isSatisfied(byCurrentETag:)``).
    static func storePrecondition(_ request: HTTPRequest) -> WritePrecondition {
        var precondition = WritePrecondition.none
        switch EntityTagCondition(fieldValues: request.headers.values("If-Match")) {
        case .absent: break
        case .any: precondition.ifMatch = ["*"]
        case .malformed: precondition.ifMatch = []
        case .tags(let tags): precondition.ifMatch = tags.map(\.description)
        }
        switch EntityTagCondition(fieldValues: request.headers.values("If-None-Match")) {
        case .absent, .malformed: break
        case .any: precondition.ifNoneMatch = ["*"]
        case .tags(let tags): precondition.ifNoneMatch = tags.map(\.description)
        }
        return precondition
    }
}
