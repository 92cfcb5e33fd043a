import HTTPServer
import PolicyCore
import PolicyStore

/// Revision history: list, one revision, a revision's policies (all readable after deletion).
extension NetpolService {
    func addRevisionRoutes(to routes: inout RouteTable) {
        routes.add(.get, Self.stackPattern + "/revisions", listRevisions)
        routes.add(.get, Self.stackPattern + "/revisions/{n}", getRevision)
        routes.add(.get, Self.stackPattern + "/revisions/{n}/policies", revisionPolicies)
    }

    /// Newest first, paginated, filtered by `author`, `since`, `until`; with the stack's
    /// deletions (who, when); 404 for a stack that never existed.
    func listRevisions(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.jsonOnly)
        let stack = try StackPath.required(context)
        let page = try QueryParameters.page(context)
        let filter = try QueryParameters.revisionFilter(context)
        guard let result = try await store.revisions(stack, filter: filter, limit: page.limit, cursor: page.cursor) else {
            throw .notFound("no stack \(stack.namespace)/\(stack.name) has ever existed")
        }
        let deletions = try await store.deletions(stack)
        return HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType)]),
            body: Representations.revisionList(result, deletions: deletions))
    }

    /// One revision with its inputs and warnings (its policies are not read); the tag includes
    /// its number.
    func getRevision(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.jsonOnly)
        let stack = try StackPath.required(context)
        let number = try StackPath.revisionNumber(context)
        let revision = try await storedRevision(stack, number, documents: [.inputs, .warnings])
        let etag = EntityTags.revision(number: number, digest: revision.summary.digest)
        if HTTPConditional.ifNoneMatchMatches(request, etag: etag) {
            return HTTPResponse(status: .notModified, headers: HTTPHeaders([("ETag", etag)]))
        }
        return HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType), ("ETag", etag)]),
            body: Representations.revision(revision))
    }

    /// The policies of revision n (JSON or YAML), tagged with their digest (its inputs are not
    /// read).
    func revisionPolicies(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.policies)
        let stack = try StackPath.required(context)
        let number = try StackPath.revisionNumber(context)
        let revision = try await storedRevision(stack, number, documents: [.policies, .warnings])
        return try policiesResponse(request, stack: nil, PolicyCache.Entry(revision), type: type)
    }

    /// Revision `number` of `stack` with `documents` (the others empty), or 404.
    func storedRevision(
        _ stack: StackPath, _ number: Int, documents: RevisionDocuments = .all
    ) async throws(ServiceError) -> StoredRevision {
        guard let revision = try await store.revision(stack, number, documents: documents) else {
            throw .notFound("stack \(stack.namespace)/\(stack.name) has no revision \(number)")
        }
        return revision
    }
}
