import HTTPServer
import PolicyCore
import PolicyStore

/// `GET …/diff` between two revisions and `POST …/plan` of a candidate input.
extension NetpolService {
    func addDiffRoutes(to routes: inout RouteTable) {
        routes.add(.get, Self.stackPattern + "/diff", diff)
        routes.add(.post, Self.stackPattern + "/plan", plan)
    }

    /// `from` (default: the revision before `to`) → `to` (default: the latest), revision 0 the
    /// empty set; also after deletion; 404 for a number above the latest.
    func diff(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.diff)
        let stack = try StackPath.required(context)
        let fromQuery = try QueryParameters.revisionNumber(context, "from")
        let toQuery = try QueryParameters.revisionNumber(context, "to")
        let flows = try QueryParameters.flowsView(context)
        guard let latest = try await store.latestRevision(stack) else {
            throw .notFound("no stack \(stack.namespace)/\(stack.name) has ever existed")
        }
        let last = latest.summary.number
        let to = toQuery ?? last
        let from = fromQuery ?? max(0, to - 1)
        for number in [from, to] where number > last {
            throw .notFound("stack \(stack.namespace)/\(stack.name) has no revision \(number)")
        }
        func load(_ number: Int) async throws(ServiceError) -> StoredRevision? {
            if number == 0 { return nil }
            if number == last { return latest }
            return try await storedRevision(stack, number)
        }
        let old = try await load(from)
        let new = try await load(to)
        let oldPolicies = try old.map { (revision) throws(ServiceError) in try storedPolicies(revision) } ?? []
        let newPolicies = try new.map { (revision) throws(ServiceError) in try storedPolicies(revision) } ?? []
        guard type == .json else {
            return NetpolService.textDiffResponse(PolicyDiff.text(old: oldPolicies, new: newPolicies), type: type)
        }
        var result = PolicyDiff.structured(old: oldPolicies, new: newPolicies, from: from, to: to)
        if flows {
            let before = try old.map { (revision) throws(ServiceError) in try revisionContent(revision) }
            let after = try new.map { (revision) throws(ServiceError) in try revisionContent(revision) }
            result.flows = NetpolService.flowChanges(old: before, new: after)
        }
        return HTTPResponse(
            status: .ok, headers: HTTPHeaders([("Content-Type", MediaType.json.contentType), ("Vary", "Accept")]),
            body: result.json())
    }

    /// The diff from the current revision (the empty set for a new or deleted stack) to what
    /// the candidate input generates, plus `digest`, `enabled`, `reason`, `warnings` and
    /// `wouldCreateRevision`. Stores nothing.
    func plan(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let stack = StackPath(unchecked: context)
        let type = try NetpolService.negotiate(request, ContentNegotiation.diff)
        let flows = try QueryParameters.flowsView(context)
        await NetpolService.leaveEventLoop()
        return try await planStack(stack: stack, type: type, flows: flows) { () throws(ServiceError) in
            try InputReader.read(request, context, stack: stack)
        }
    }

    /// The plan of an input: `input` is rendered and compared with the stack's current
    /// revision (see ``plan(_:_:)``); `extra` members join the JSON answer (and are
    /// `# key: value` lines of the text one).
    func planStack(
        stack: StackPath, type: MediaType, flows: Bool, extra: [(key: String, json: [UInt8])] = [],
        input: () throws(ServiceError) -> ReadInput
    ) async throws(ServiceError) -> HTTPResponse {
        let read = try input()
        let result = PolicyGenerator.render(read.options)
        let current = try await store.currentRevision(stack)
        let oldPolicies = try current.map { (revision) throws(ServiceError) in try storedPolicies(revision) } ?? []
        let wouldCreateRevision = current?.summary.digest != result.digest
        guard type == .json else {
            var text = "# digest: \(result.digest)\n"
            text += "# enabled: \(result.enablement.isEnabled) (\(result.enablement.reason))\n"
            text += "# wouldCreateRevision: \(wouldCreateRevision)\n"
            for warning in result.warnings { text += "# warning: \(warning.pointer): \(warning.message)\n" }
            for member in extra { text += "# \(member.key): \(String(decoding: member.json, as: UTF8.self))\n" }
            text += PolicyDiff.text(old: oldPolicies, new: result.policies)
            return NetpolService.textDiffResponse(text, type: type)
        }
        var diff = PolicyDiff.structured(old: oldPolicies, new: result.policies, from: current?.summary.number ?? 0)
        if flows {
            let before = try current.map { (revision) throws(ServiceError) in try revisionContent(revision) }
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
