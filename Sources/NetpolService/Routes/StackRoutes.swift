import HTTPServer
import PolicyCore
import PolicyStore

/// Stacks: upsert, read, delete, lists, current policies and flows.
extension NetpolService {
    static let stackPattern = "/v1/namespaces/{ns}/lokistacks/{name}"

    func addStackRoutes(to router: inout Router) {
        router.add(.put, Self.stackPattern) { [self] request, context in putStack(request, context) }
        router.add(.get, Self.stackPattern) { [self] request, context in getStack(request, context) }
        router.add(.delete, Self.stackPattern) { [self] request, context in deleteStack(request, context) }
        router.add(.get, "/v1/lokistacks") { [self] request, context in listStacks(request, context, all: true) }
        router.add(.get, "/v1/namespaces/{ns}/lokistacks") { [self] request, context in
            listStacks(request, context, all: false)
        }
        router.add(.get, Self.stackPattern + "/policies") { [self] request, context in
            currentPolicies(request, context)
        }
        router.add(.get, Self.stackPattern + "/flows") { [self] request, context in currentFlows(request, context) }
    }

    // MARK: - PUT

    /// Create or replace, in api.md's order of evaluation: negotiation, the path and the
    /// cluster query parameters, then preconditions (before the body is looked at), then input,
    /// render, one durable write; 201 + `Location` on create, else 200; the stack's `ETag`.
    func putStack(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        deferred(request, context, prepare: { () throws(ProblemDetails) in
            (
                try NetpolService.negotiate(request, ContentNegotiation.jsonOnly), try StackPath.forWrite(context),
                try InputReader.clusterOverrides(context)
            )
        }) { [self] (type, stack, overrides) async throws(ProblemDetails) -> HTTPResponse in
            let write = writeStack(request, context, stack: stack, type: type) { () throws(ProblemDetails) in
                try InputReader.read(request, context, stack: stack, overrides: overrides)
            }
            return try await write()
        }
    }

    /// The write behind PUT and restore, to run deferred once the path and the query are
    /// read: preconditions (before `input` is looked at), the input, render, one durable
    /// write; 201 + `Location` on create, else 200; the stack's `ETag`. With `restoredFrom`,
    /// a revision the write creates records that number and its change summary reads
    /// `restored revision N; ` + the usual summary.
    func writeStack(
        _ request: HTTPRequest, _ context: RequestContext, stack: StackPath, type: MediaType, restoredFrom: Int? = nil,
        input: @escaping @Sendable () throws(ProblemDetails) -> ReadInput
    ) -> Work {
        return { [self] () async throws(ProblemDetails) -> HTTPResponse in
            let precondition = EntityTags.storePrecondition(request)
            if precondition != .none {
                let current = try await database(context) { () async throws(StoreError) in
                    try await store.stack(namespace: stack.namespace, name: stack.name)
                }
                guard precondition.isSatisfied(byCurrentETag: current?.etag) else {
                    throw .preconditionFailed("the stack's current ETag does not satisfy If-Match / If-None-Match")
                }
            }
            let read = try input()
            let result = PolicyGenerator.render(read.options)
            let warningsJSON = Representations.warnings(result.warnings)
            let candidate = result.policies
            knownPolicies.remember(result.digest, candidate, jsonBytes: result.canonicalListJSON.count)
            // One-way write: the change summary is computed here, outside the store's write
            // transaction, against the revision this process last made current (a guess the
            // store confirms); when the store finds another revision current it writes nothing
            // and returns that revision, and the summary is recomputed against it.
            let prefix = restoredFrom.map { "restored revision \($0); " } ?? ""
            var basis = SummaryBasis.absent
            var summary = prefix + PolicyDiff.changeSummary(from: nil, to: candidate, stackName: stack.name)
            if let head = heads.digest(stack) {
                if head == result.digest {
                    // No revision unless the stack moved on, which the store reports: never stored.
                    (basis, summary) = (.revision(digest: head), "")
                } else if let old = knownPolicies.policies(head) {
                    basis = .revision(digest: head)
                    summary = prefix + PolicyDiff.changeSummary(from: old, to: candidate, stackName: stack.name)
                }
            }
            var write = StackWrite(
                namespace: stack.namespace, name: stack.name,
                inputsJSON: read.input.envelope.canonicalJSONBytes(), digest: result.digest,
                policiesJSON: result.canonicalListJSON, enabled: result.enablement.isEnabled,
                reason: result.enablement.reason, warningsJSON: warningsJSON,
                generatorVersion: GeneratorInfo.version, author: NetpolService.author(context),
                precondition: precondition, changeSummary: summary, summaryBasis: basis)
            write.restoredFrom = restoredFrom
            let outcome = try await database(context) { () async throws(StoreError) in
                try await store.upsert(write) { [self] previous in
                    prefix + changeSummary(previous: previous, policies: candidate, stackName: stack.name)
                }
            }
            switch outcome {
            case .preconditionFailed:
                throw .preconditionFailed("the stack's current ETag does not satisfy If-Match / If-None-Match")
            case .summaryStale:
                throw fault(context, "the store answered a resolved write with a stale summary")
            case .written(let stored, let created, let revisionCreated):
                heads.record(stack, stored.current.digest)
                if revisionCreated {
                    cache.invalidate(stack)
                    metrics.recordRevisionCreated()
                }
                var headers = HTTPHeaders([("Content-Type", type.contentType), ("ETag", stored.etag)])
                if created { headers.add("Location", stack.location) }
                return HTTPResponse(
                    status: created ? .created : .ok, headers: headers,
                    body: Representations.stack(stored, write: (revisionCreated, warningsJSON)))
            }
        }
    }

    // MARK: - GET / DELETE

    /// The stored inputs and current revision summary, with the stack's `ETag` (304 on a match).
    func getStack(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        return deferred(request, context, prepare: { () throws(ProblemDetails) in
            (try NetpolService.negotiate(request, ContentNegotiation.jsonOnly), try StackPath.required(context))
        }) { [self] (type, stack) async throws(ProblemDetails) -> HTTPResponse in
            guard
                let stored = try await database(context, { () async throws(StoreError) in
                    try await store.stack(namespace: stack.namespace, name: stack.name)
                })
            else { throw .notFound("no stack \(stack.namespace)/\(stack.name)") }
            if HTTPConditional.ifNoneMatchMatches(request, etag: stored.etag) {
                return HTTPResponse(status: .notModified, headers: HTTPHeaders([("ETag", stored.etag)]))
            }
            return HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType), ("ETag", stored.etag)]),
                body: Representations.stack(stored))
        }
    }

    /// Marks the stack deleted (history stays readable): 204, 404 when absent, 412 when a
    /// precondition fails.
    func deleteStack(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        deferred(request, context) { [self] () async throws(ProblemDetails) -> HTTPResponse in
            let stack = try StackPath.required(context)
            let precondition = EntityTags.storePrecondition(request)
            let outcome = try await database(context) { () async throws(StoreError) in
                try await store.delete(
                    namespace: stack.namespace, name: stack.name, precondition: precondition,
                    author: NetpolService.author(context))
            }
            switch outcome {
            case .deleted:
                cache.invalidate(stack)
                heads.forget(stack)
                return HTTPResponse(status: .noContent)
            case .notFound:
                throw .notFound("no stack \(stack.namespace)/\(stack.name)")
            case .preconditionFailed:
                throw .preconditionFailed("the stack's current ETag does not satisfy If-Match / If-None-Match")
            }
        }
    }

    /// Live stacks by (namespace, name), paginated; across namespaces only those the caller
    /// may read.
    func listStacks(_ request: HTTPRequest, _ context: RequestContext, all: Bool) -> HandlerResult {
        return deferred(request, context, prepare: { () throws(ProblemDetails) in
            let type = try NetpolService.negotiate(request, ContentNegotiation.jsonOnly)
            var namespace: String?
            if !all {
                guard let ns = context.parameters["ns"], StackPath.isDNSLabel(ns) else {
                    throw ProblemDetails.notFound("no such namespace: namespaces are DNS-1123 labels")
                }
                namespace = ns
            }
            let page = try QueryParameters.page(context)
            return (type, namespace, page)
        }) { [self] (type, namespace, page) async throws(ProblemDetails) -> HTTPResponse in
            let readable = namespace == nil ? Authenticator.readableNamespaces(context) : nil
            let result = try await database(context) { () async throws(StoreError) in
                if let readable {
                    return try await store.listStacks(namespaces: readable, limit: page.limit, cursor: page.cursor)
                }
                return try await store.listStacks(namespace: namespace, limit: page.limit, cursor: page.cursor)
            }
            return HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType)]), body: Representations.stackList(result))
        }
    }

    // MARK: - Current policies and flows

    /// The current revision's policies, from memory when cached (inline, no database read; on a
    /// shared database after confirming the cached revision is still current).
    func currentPolicies(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        let type: MediaType
        let stack: StackPath
        do throws(ProblemDetails) {
            type = try NetpolService.negotiate(request, ContentNegotiation.policies)
            stack = try StackPath.required(context)
        } catch {
            return .response(error.response(instance: request.target, requestID: context.requestID))
        }
        let cached = cache.entry(stack)
        if let cached, !store.isShared {
            return .response(NetpolService.policiesResponse(request, cached, type: type))
        }
        return deferred(request, context) { [self] () async throws(ProblemDetails) -> HTTPResponse in
            if let cached {
                // Other replicas write the same database: serve the entry only while its revision
                // is still current (one indexed read), never one older than another acknowledged.
                let current = try await database(context) { () async throws(StoreError) in
                    try await store.currentRevisionNumber(namespace: stack.namespace, name: stack.name)
                }
                if current == cached.revision { return NetpolService.policiesResponse(request, cached, type: type) }
                cache.invalidate(stack)
            }
            let epoch = cache.currentEpoch()
            guard
                let revision = try await database(context, { () async throws(StoreError) in
                    try await store.currentRevision(namespace: stack.namespace, name: stack.name)
                })
            else { throw .notFound("no stack \(stack.namespace)/\(stack.name)") }
            let entry = try policiesEntry(revision, context)
            cache.fill(stack, entry, epoch: epoch)
            return NetpolService.policiesResponse(request, entry, type: type)
        }
    }

    /// The encoded policies of a stored revision.
    func policiesEntry(_ revision: StoredRevision, _ context: RequestContext) throws(ProblemDetails) -> PolicyCache.Entry {
        let policies = try storedPolicies(revision, context)
        return PolicyCache.Entry(
            revision: revision.summary.number, etag: EntityTags.policies(digest: revision.summary.digest),
            json: Representations.policies(revision), yaml: PolicyEncoding.yaml(policies))
    }

    /// 200 (or 304 on an `If-None-Match` match) with the strong digest tag and `Vary: Accept`.
    static func policiesResponse(_ request: HTTPRequest, _ entry: PolicyCache.Entry, type: MediaType) -> HTTPResponse {
        if HTTPConditional.ifNoneMatchMatches(request, etag: entry.etag) {
            return HTTPResponse(status: .notModified, headers: HTTPHeaders([("ETag", entry.etag), ("Vary", "Accept")]))
        }
        return HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType), ("ETag", entry.etag), ("Vary", "Accept")]),
            body: type.isYAML ? entry.yaml : entry.json)
    }

    /// The flow matrix of the current revision.
    func currentFlows(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        return deferred(request, context, prepare: { () throws(ProblemDetails) in
            (try NetpolService.negotiate(request, ContentNegotiation.flows), try StackPath.required(context))
        }) { [self] (type, stack) async throws(ProblemDetails) -> HTTPResponse in
            guard
                let revision = try await database(context, { () async throws(StoreError) in
                    try await store.currentRevision(namespace: stack.namespace, name: stack.name)
                })
            else { throw .notFound("no stack \(stack.namespace)/\(stack.name)") }
            let content = try revisionContent(revision, context)
            return NetpolService.flowsResponse(
                FlowAnalysis.matrix(options: content.options, policies: content.policies), type: type)
        }
    }
}
