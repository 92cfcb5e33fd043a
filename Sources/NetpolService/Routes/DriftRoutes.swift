import HTTPServer
import PolicyCore
import PolicyStore

/// `POST …/drift`: what a cluster has (`kubectl get networkpolicy -n NS -o yaml`) against a
/// revision (issue 12). Stores nothing.
extension NetpolService {
    func addDriftRoutes(to router: inout Router) {
        router.add(.post, Self.stackPattern + "/drift") { [self] request, context in drift(request, context) }
    }

    /// 200 `{changed, extra, flows, missing, revision}` against the current revision, or
    /// `?revision=N`; `?all=true` lists every other live policy of the namespace as extra.
    /// The body: a `List` or a stream of NetworkPolicies, JSON or YAML (415 otherwise; 400
    /// unparseable; 413 past the decoded-size budget; 422 invalid or past
    /// `InputLimits.maxLivePolicies`).
    func drift(_ request: HTTPRequest, _ context: RequestContext) -> HandlerResult {
        deferred(request, context, prepare: { () throws(ProblemDetails) in
            let type = try NetpolService.negotiate(request, ContentNegotiation.jsonOnly)
            let stack = try StackPath.required(context)
            let number = try QueryParameters.revisionNumber(context, "revision")
            if number == 0 { throw ProblemDetails.badRequest("revision must be a revision number (1 or more)") }
            let all: Bool
            switch context.query("all") {
            case nil, "false"?: all = false
            case "true"?: all = true
            default: throw ProblemDetails.badRequest("all must be true or false")
            }
            return (type, stack, number, all)
        }) { [self] (type, stack, number, all) async throws(ProblemDetails) -> HTTPResponse in
            guard let format = ContentNegotiation.inputFormat(request) else {
                throw .unsupportedMediaType(request.headers["Content-Type"])
            }
            let live: [NetworkPolicy]
            do throws(InputError) {
                live = try PolicyDrift.live(request.body, format: format)
            } catch {
                switch error.kind {
                case .unparseable: throw .badRequest(InputReader.syntaxDetail(error))
                case .tooLarge: throw .inputTooLarge(error)
                case .invalid: throw .invalidInput(error)
                }
            }
            let revision: StoredRevision
            if let number {
                revision = try await storedRevision(stack, number, context)
            } else {
                guard
                    let current = try await database(context, { () async throws(StoreError) in
                        try await store.currentRevision(namespace: stack.namespace, name: stack.name)
                    })
                else { throw .notFound("no stack \(stack.namespace)/\(stack.name)") }
                revision = current
            }
            let content = try revisionContent(revision, context)
            let report = PolicyDrift.compare(
                expected: content.policies, live: live, stackName: stack.name, namespace: stack.namespace, all: all,
                revision: revision.summary.number
            ) { expected, compared in
                PolicyDiff.flows(
                    old: FlowAnalysis.matrix(options: content.options, policies: expected),
                    new: FlowAnalysis.matrix(options: content.options, policies: compared))
            }
            return HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Type", type.contentType)]), body: report.json())
        }
    }
}
