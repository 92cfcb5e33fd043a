import HTTPServer
import PolicyCore
import PolicyStore

/// `POST …/drift`: what a cluster has (`kubectl get networkpolicy -n NS -o yaml`) against a
/// revision (issue 12). Stores nothing.
extension NetpolService {
    func addDriftRoutes(to routes: inout RouteTable) {
        routes.add(.post, Self.stackPattern + "/drift", drift)
    }

    /// 200 `{changed, extra, flows, missing, revision}` against the current revision, or
    /// `?revision=N`; `?all=true` lists every other live policy of the namespace as extra.
    /// The body: a `List` or a stream of NetworkPolicies, JSON or YAML (415 otherwise; 400
    /// unparseable; 413 past the decoded-size budget; 422 invalid or past
    /// `InputLimits.maxLivePolicies`).
    func drift(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.jsonOnly)
        let stack = try StackPath.required(context)
        let number = try QueryParameters.revisionNumber(context, "revision")
        if number == 0 { throw .badRequest("revision must be a revision number (1 or more)") }
        let all: Bool
        switch context.query("all") {
        case nil, "false"?: all = false
        case "true"?: all = true
        default: throw .badRequest("all must be true or false")
        }
        await NetpolService.leaveEventLoop()
        guard let format = ContentNegotiation.inputFormat(request) else {
            throw .problem(.unsupportedMediaType(request.headers["Content-Type"]))
        }
        let live: [NetworkPolicy]
        do throws(InputError) {
            live = try PolicyDrift.live(request.body, format: format)
        } catch {
            throw .input(error)
        }
        let revision: StoredRevision
        if let number {
            revision = try await storedRevision(stack, number)
        } else {
            guard let current = try await store.currentRevision(stack) else {
                throw .notFound("no stack \(stack.namespace)/\(stack.name)")
            }
            revision = current
        }
        let content = try revisionContent(revision)
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
