import HTTPServer
import PolicyCore
import PolicyStore

/// Revision history: list, one revision, a revision's policies (all readable after deletion).
extension NetpolService {
    func addRevisionRoutes(to router: inout Router) {
        router.add(.get, Self.stackPattern + "/revisions") { [self] request, context in
            listRevisions(request, context)
        }
        router.add(.get, Self.stackPattern + "/revisions/{n}") { [self] request, context in
            getRevision(request, context)
        }
        router.add(.get, Self.stackPattern + "/revisions/{n}/policies") { [self] request, context in
            revisionPolicies(request, context)
        }
    }

    /// Newest first, paginated, filtered by `author`, `since`, `until`; with the stack's
    /// deletions (who, when); 404 for a stack that never existed.
    func listRevisions(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        return deferred(request, context, prepare: { () throws(ProblemDetails) in
            (
                try NetpolService.negotiate(request, ContentNegotiation.jsonOnly), try StackPath.required(context),
                try QueryParameters.page(context), try QueryParameters.revisionFilter(context)
            )
        }) { [self] (type, stack, page, filter) async throws(ProblemDetails) -> HTTPResponse in
            guard
                let result = try await database(context, { () async throws(StoreError) in
                    try await store.revisions(
                        namespace: stack.namespace, name: stack.name, filter: filter, limit: page.limit,
                        cursor: page.cursor)
                })
            else { throw .notFound("no stack \(stack.namespace)/\(stack.name) has ever existed") }
            let deletions = try await database(context) { () async throws(StoreError) in
                try await store.deletions(namespace: stack.namespace, name: stack.name)
            }
            return HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType)]),
                body: Representations.revisionList(result, deletions: deletions))
        }
    }

    /// One revision with its inputs; the tag includes its number.
    func getRevision(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        return deferred(request, context, prepare: { () throws(ProblemDetails) in
            (
                try NetpolService.negotiate(request, ContentNegotiation.jsonOnly), try StackPath.required(context),
                try StackPath.revisionNumber(context)
            )
        }) { [self] (type, stack, number) async throws(ProblemDetails) -> HTTPResponse in
            let revision = try await storedRevision(stack, number, context)
            let etag = EntityTags.revision(number: number, digest: revision.summary.digest)
            if HTTPConditional.ifNoneMatchMatches(request, etag: etag) {
                return HTTPResponse(status: .notModified, headers: HTTPHeaders([("ETag", etag)]))
            }
            return HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType), ("ETag", etag)]),
                body: Representations.revision(revision))
        }
    }

    /// The policies of revision n (JSON or YAML), tagged with their digest.
    func revisionPolicies(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        return deferred(request, context, prepare: { () throws(ProblemDetails) in
            (
                try NetpolService.negotiate(request, ContentNegotiation.policies), try StackPath.required(context),
                try StackPath.revisionNumber(context)
            )
        }) { [self] (type, stack, number) async throws(ProblemDetails) -> HTTPResponse in
            let revision = try await storedRevision(stack, number, context)
            return NetpolService.policiesResponse(request, try policiesEntry(revision, context), type: type)
        }
    }

    /// Revision `number` of `stack`, or 404.
    func storedRevision(_ stack: StackPath, _ number: Int, _ context: RequestContext) async throws(ProblemDetails)
        -> StoredRevision
    {
        guard
            let revision = try await database(context, { () async throws(StoreError) in
                try await store.revision(namespace: stack.namespace, name: stack.name, number: number)
            })
        else { throw .notFound("stack \(stack.namespace)/\(stack.name) has no revision \(number)") }
        return revision
    }
}
