import HTTPServer
import PolicyCore
import PolicyStore

/// Stacks: upsert, read, delete, lists, current policies and flows.
extension NetpolService {
    static let stackPattern = "/v1/namespaces/{ns}/lokistacks/{name}"

    func addStackRoutes(to routes: inout RouteTable) {
        routes.add(.put, Self.stackPattern, putStack)
        routes.add(.get, Self.stackPattern, getStack)
        routes.add(.delete, Self.stackPattern, deleteStack)
        routes.add(.get, "/v1/lokistacks") { [self] (request, context) async throws(ServiceError) in
            try await listStacks(request, context, all: true)
        }
        routes.add(.get, "/v1/namespaces/{ns}/lokistacks") { [self] (request, context) async throws(ServiceError) in
            try await listStacks(request, context, all: false)
        }
        routes.add(.get, Self.stackPattern + "/policies", inline: cachedPolicies, currentPolicies)
        routes.add(.get, Self.stackPattern + "/flows", currentFlows)
    }

    // MARK: - PUT

    /// Create or replace, in api.md's order of evaluation: negotiation, the path and the
    /// cluster query parameters, then preconditions (before the body is looked at), then input,
    /// render, one durable write; 201 + `Location` on create, else 200; the stack's `ETag`.
    func putStack(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.jsonOnly)
        let stack = try StackPath.forWrite(context)
        let overrides = try InputReader.clusterOverrides(context)
        return try await writeStack(request, context, stack: stack, type: type) { () throws(ServiceError) in
            try InputReader.read(request, context, stack: stack, overrides: overrides)
        }
    }

    /// The write behind PUT and restore, once the path and the query are read: preconditions
    /// (before `input` is looked at), the input, render, one durable write; 201 + `Location` on
    /// create, else 200; the stack's `ETag`. With `restoredFrom`, a revision the write creates
    /// records that number and its change summary reads `restored revision N; ` + the usual
    /// summary. The policy cache is filled from the bytes rendered here (write-through).
    func writeStack(
        _ request: HTTPRequest, _ context: RequestContext, stack: StackPath, type: MediaType, restoredFrom: Int? = nil,
        input: () throws(ServiceError) -> ReadInput
    ) async throws(ServiceError) -> HTTPResponse {
        let precondition = EntityTags.storePrecondition(request)
        if precondition != .none {
            let current = try await store.stack(stack)
            guard precondition.isSatisfied(byCurrentETag: current?.etag) else { throw .preconditionFailed }
        } else {
            await NetpolService.leaveEventLoop()
        }
        let read = try input()
        let result = PolicyGenerator.render(read.options)
        let warningsJSON = Representations.warnings(result.warnings)
        let candidate = result.policies
        knownPolicies.remember(result.digest, candidate, jsonBytes: result.canonicalListJSON.count)
        // One-way write: the change summary is computed here, outside the store's write
        // transaction, against the revision this process last made current (a guess the
        // store confirms); when the store finds another revision current it writes nothing
        // and returns that revision; the summary is recomputed here against it and the write
        // sent again, at most `summaryAttempts` times (then 503: sustained contention).
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
        let epoch = cache.currentEpoch()
        let outcome = try await store.upsert(write, attempts: configuration.summaryAttempts) { previous in
            prefix + changeSummary(previous: previous, policies: candidate, stackName: stack.name)
        }
        switch outcome {
        case .preconditionFailed:
            throw .preconditionFailed
        case .summaryStale:  // never: the summarised upsert writes again or throws
            throw .store(.unavailable("\(stack.namespace)/\(stack.name) is still changing"))
        case .written(let stored, let created, let revisionCreated):
            heads.record(stack, stored.current.digest)
            if revisionCreated {
                cache.writeThrough(
                    stack, PolicyCache.Entry(stored.current, policiesJSON: write.policiesJSON, warningsJSON: warningsJSON),
                    epoch: epoch)
                metrics.recordRevisionCreated()
            }
            var headers = HTTPHeaders([("Content-Type", type.contentType), ("ETag", stored.etag)])
            if created { headers.add("Location", stack.location) }
            return HTTPResponse(
                status: created ? .created : .ok, headers: headers,
                body: Representations.stack(stored, write: (revisionCreated, warningsJSON)))
        }
    }

    // MARK: - GET / DELETE

    /// The stored inputs and current revision summary, with the stack's `ETag` (304 on a match).
    func getStack(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.jsonOnly)
        let stack = try StackPath.required(context)
        guard let stored = try await store.stack(stack) else {
            throw .notFound("no stack \(stack.namespace)/\(stack.name)")
        }
        if HTTPConditional.ifNoneMatchMatches(request, etag: stored.etag) {
            return HTTPResponse(status: .notModified, headers: HTTPHeaders([("ETag", stored.etag)]))
        }
        return HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType), ("ETag", stored.etag)]),
            body: Representations.stack(stored))
    }

    /// Marks the stack deleted (history stays readable): 204, 404 when absent, 412 when a
    /// precondition fails.
    func deleteStack(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let stack = try StackPath.required(context)
        let precondition = EntityTags.storePrecondition(request)
        switch try await store.delete(stack, precondition: precondition, author: NetpolService.author(context)) {
        case .deleted:
            cache.invalidate(stack)
            heads.forget(stack)
            return HTTPResponse(status: .noContent)
        case .notFound:
            throw .notFound("no stack \(stack.namespace)/\(stack.name)")
        case .preconditionFailed:
            throw .preconditionFailed
        }
    }

    /// Live stacks by (namespace, name), paginated; across namespaces only those the caller
    /// may read.
    func listStacks(_ request: HTTPRequest, _ context: RequestContext, all: Bool) async throws(ServiceError)
        -> HTTPResponse
    {
        let type = try NetpolService.negotiate(request, ContentNegotiation.jsonOnly)
        var namespace: String?
        if !all {
            guard let ns = context.parameters["ns"], StackPath.isDNSLabel(ns) else {
                throw .notFound("no such namespace: namespaces are DNS-1123 labels")
            }
            namespace = ns
        }
        let page = try QueryParameters.page(context)
        let readable = namespace == nil ? Authenticator.readableNamespaces(context) : nil
        let result = try await store.listStacks(
            namespace: namespace, readable: readable, limit: page.limit, cursor: page.cursor)
        return HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType)]), body: Representations.stackList(result))
    }

    // MARK: - Current policies and flows

    /// The current revision's policies from the policy cache, answered on the event loop
    /// without a task: nil on a miss, and on a shared database, where the cached revision must
    /// first be confirmed current (``currentPolicies(_:_:)`` answers those).
    ///
    /// The path's names are looked up as they are: the cache holds stored stacks only, whose
    /// names are DNS-1123 labels, so a hit needs no check, and a path that is not a stack's
    /// misses and gets its 404 from ``currentPolicies(_:_:)``.
    func cachedPolicies(_ request: HTTPRequest, _ context: RequestContext) throws(ServiceError) -> HTTPResponse? {
        guard !store.isShared else { return nil }
        let type = try NetpolService.negotiate(request, ContentNegotiation.policies)
        let stack = StackPath(unchecked: context)
        guard let cached = cache.entry(stack) else { return nil }
        return try policiesResponse(request, stack: stack, cached, type: type)
    }

    /// The current revision's policies, from memory when cached (no database read; on a shared
    /// database after confirming the cached revision is still current), else read, cached and
    /// answered.
    func currentPolicies(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.policies)
        let stack = try StackPath.required(context)
        if let cached = cache.entry(stack) {
            // Other replicas write the same database: serve the entry only while its revision
            // is still current (one indexed read), never one older than another acknowledged.
            var stillCurrent = true
            if store.isShared { stillCurrent = try await store.currentRevisionNumber(stack) == cached.revision }
            if stillCurrent { return try policiesResponse(request, stack: stack, cached, type: type) }
            cache.invalidate(stack)
        }
        let epoch = cache.currentEpoch()
        guard let revision = try await store.currentRevision(stack) else {
            throw .notFound("no stack \(stack.namespace)/\(stack.name)")
        }
        let entry = PolicyCache.Entry(revision)
        cache.fill(stack, entry, epoch: epoch)
        return try policiesResponse(request, stack: stack, entry, type: type)
    }

    /// 200 (or 304 on an `If-None-Match` match) with the strong digest tag and `Vary: Accept`.
    /// The YAML stream is encoded on the first request for it and kept with the cached entry of
    /// `stack` (nil: the entry is not cached).
    func policiesResponse(
        _ request: HTTPRequest, stack: StackPath?, _ entry: PolicyCache.Entry, type: MediaType
    ) throws(ServiceError) -> HTTPResponse {
        if HTTPConditional.ifNoneMatchMatches(request, etag: entry.etag) {
            return HTTPResponse(status: .notModified, headers: HTTPHeaders([("ETag", entry.etag), ("Vary", "Accept")]))
        }
        let body: [UInt8]
        if !type.isYAML {
            body = entry.json
        } else if let yaml = entry.yaml {
            body = yaml
        } else {
            let policies: [NetworkPolicy]
            do throws(InputError) {
                policies = try knownPolicies.policies(entry.digest, listJSON: Array(entry.json[entry.policiesRange]))
            } catch {
                throw .fault("stored policies of revision \(entry.revision) do not decode: \(error.issues)")
            }
            body = PolicyEncoding.yaml(policies)
            if let stack { cache.attachYAML(stack, revision: entry.revision, body) }
        }
        // Room for the pipeline's X-Request-Id.
        return HTTPResponse(
            status: .ok, encodedFields: entry.fields(for: type), headers: HTTPHeaders(reservingCapacity: 1), body: body)
    }

    /// The flow matrix of the current revision.
    func currentFlows(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.flows)
        let stack = try StackPath.required(context)
        guard let revision = try await store.currentRevision(stack) else {
            throw .notFound("no stack \(stack.namespace)/\(stack.name)")
        }
        let content = try revisionContent(revision)
        return NetpolService.flowsResponse(
            FlowAnalysis.matrix(options: content.options, policies: content.policies), type: type)
    }
}
