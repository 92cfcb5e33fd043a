import HTTPServer
import PolicyCore
import PolicyStore

/// `GET …/diff` between two revisions and `POST …/plan` of a candidate input.
extension NetpolService {
    func addDiffRoutes(to router: inout Router) {
        router.add(.get, Self.stackPattern + "/diff") { [self] request, context in diff(request, context) }
        router.add(.post, Self.stackPattern + "/plan") { [self] request, context in plan(request, context) }
    }

    /// `from` (default: the revision before `to`) → `to` (default: the latest), revision 0 the
    /// empty set; also after deletion; 404 for a number above the latest.
    func diff(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        return deferred(request, context, prepare: { () throws(ProblemDetails) in
            (
                type: try NetpolService.negotiate(request, ContentNegotiation.diff),
                stack: try StackPath.required(context),
                from: try QueryParameters.revisionNumber(context, "from"),
                to: try QueryParameters.revisionNumber(context, "to"),
                flows: try QueryParameters.flowsView(context)
            )
        }) { [self] query async throws(ProblemDetails) -> HTTPResponse in
            let stack = query.stack
            guard
                let latest = try await database(context, { () async throws(StoreError) in
                    try await store.latestRevision(namespace: stack.namespace, name: stack.name)
                })
            else { throw .notFound("no stack \(stack.namespace)/\(stack.name) has ever existed") }
            let last = latest.summary.number
            let to = query.to ?? last
            let from = query.from ?? max(0, to - 1)
            for number in [from, to] where number > last {
                throw .notFound("stack \(stack.namespace)/\(stack.name) has no revision \(number)")
            }
            func load(_ number: Int) async throws(ProblemDetails) -> StoredRevision? {
                if number == 0 { return nil }
                if number == last { return latest }
                return try await storedRevision(stack, number, context)
            }
            let old = try await load(from)
            let new = try await load(to)
            let oldPolicies = try old.map { (revision) throws(ProblemDetails) in try storedPolicies(revision, context) } ?? []
            let newPolicies = try new.map { (revision) throws(ProblemDetails) in try storedPolicies(revision, context) } ?? []
            guard query.type == .json else {
                return NetpolService.textDiffResponse(
                    PolicyDiff.text(old: oldPolicies, new: newPolicies), type: query.type)
            }
            var result = PolicyDiff.structured(old: oldPolicies, new: newPolicies, from: from, to: to)
            if query.flows {
                let before = try old.map { (revision) throws(ProblemDetails) in try revisionContent(revision, context) }
                let after = try new.map { (revision) throws(ProblemDetails) in try revisionContent(revision, context) }
                result.flows = NetpolService.flowChanges(old: before, new: after)
            }
            return HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", MediaType.json.contentType), ("Vary", "Accept")]),
                body: result.json())
        }
    }

    /// The diff from the current revision (the empty set for a new or deleted stack) to what
    /// the candidate input generates, plus `digest`, `enabled`, `reason`, `warnings` and
    /// `wouldCreateRevision`. Stores nothing.
    func plan(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        let stack = StackPath(namespace: context.parameters["ns"] ?? "", name: context.parameters["name"] ?? "")
        return deferred(request, context, prepare: { () throws(ProblemDetails) in
            (type: try NetpolService.negotiate(request, ContentNegotiation.diff), flows: try QueryParameters.flowsView(context))
        }) { [self] query async throws(ProblemDetails) -> HTTPResponse in
            try await planStack(context, stack: stack, type: query.type, flows: query.flows) {
                () throws(ProblemDetails) in try InputReader.read(request, context, stack: stack)
            }()
        }
    }

    /// The plan of an input, to run deferred: `input` is rendered and compared with the stack's
    /// current revision (see ``plan(_:_:)``); `extra` members join the JSON answer (and are
    /// `# key: value` lines of the text one).
    func planStack(
        _ context: RequestContext, stack: StackPath, type: MediaType, flows: Bool,
        extra: [(key: String, json: [UInt8])] = [], input: @escaping @Sendable () throws(ProblemDetails) -> ReadInput
    ) -> Work {
        let query = (type: type, flows: flows)
        return { [self] () async throws(ProblemDetails) -> HTTPResponse in
            let read = try input()
            let result = PolicyGenerator.render(read.options)
            let current = try await database(context) { () async throws(StoreError) in
                try await store.currentRevision(namespace: stack.namespace, name: stack.name)
            }
            let oldPolicies = try current.map { (revision) throws(ProblemDetails) in try storedPolicies(revision, context) } ?? []
            let wouldCreateRevision = current?.summary.digest != result.digest
            guard query.type == .json else {
                var text = "# digest: \(result.digest)\n"
                text += "# enabled: \(result.enablement.isEnabled) (\(result.enablement.reason))\n"
                text += "# wouldCreateRevision: \(wouldCreateRevision)\n"
                for warning in result.warnings { text += "# warning: \(warning.pointer): \(warning.message)\n" }
                for member in extra { text += "# \(member.key): \(String(decoding: member.json, as: UTF8.self))\n" }
                text += PolicyDiff.text(old: oldPolicies, new: result.policies)
                return NetpolService.textDiffResponse(text, type: query.type)
            }
            var diff = PolicyDiff.structured(old: oldPolicies, new: result.policies, from: current?.summary.number ?? 0)
            if query.flows {
                let before = try current.map { (revision) throws(ProblemDetails) in try revisionContent(revision, context) }
                diff.flows = NetpolService.flowChanges(
                    old: before, new: RevisionContent(options: read.options, policies: result.policies))
            }
            let body = diff.json(merging: [
                ("digest", JSONWriter.quoted(result.digest)),
                ("enabled", Array((result.enablement.isEnabled ? "true" : "false").utf8)),
                ("reason", JSONWriter.quoted(result.enablement.reason)),
                ("warnings", Representations.warnings(result.warnings)),
                ("wouldCreateRevision", Array((wouldCreateRevision ? "true" : "false").utf8)),
            ] + extra)
            return HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", MediaType.json.contentType), ("Vary", "Accept")]), body: body)
        }
    }

    /// The semantic diff; an absent side (revision 0, the empty set) is evaluated over the
    /// other side's model with no policies.
    static func flowChanges(old: RevisionContent?, new: RevisionContent?) -> [FlowChange] {
        guard let model = new?.options ?? old?.options else { return [] }
        return PolicyDiff.flows(
            old: (options: old?.options ?? model, policies: old?.policies ?? []),
            new: (options: new?.options ?? model, policies: new?.policies ?? []))
    }

    static func textDiffResponse(_ text: String, type: MediaType) -> HTTPResponse {
        HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType), ("Vary", "Accept")]), body: Array(text.utf8))
    }
}
