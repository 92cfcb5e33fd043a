import HTTPServer
import PolicyCore
import PolicyStore

/// Restore (rollback, issue 13): `POST …/revisions/{n}/restore` makes revision n's inputs
/// current again through the very write a PUT does; `GET …/revisions/{n}/restore` is its dry
/// run, a plan that stores nothing (safe, so a GET: see docs/rollback.md).
extension NetpolService {
    static let restorePattern = stackPattern + "/revisions/{n}/restore"

    func addRestoreRoutes(to routes: inout RouteTable) {
        routes.add(.post, Self.restorePattern, restoreRevision)
        routes.add(.get, Self.restorePattern, planRestore)
    }

    /// Writes revision n's inputs (its stored cluster context, cluster query parameters
    /// winning) as a PUT of them would: a new revision only when the policies change (it
    /// records `restoredFrom` and its summary reads `restored revision n; …`), 201 +
    /// `Location` when the stack was deleted, else 200; `If-Match` / `If-None-Match` as on
    /// PUT. 404 for an unknown revision or a stack that never existed; 422 when the stored
    /// inputs no longer validate; 400 for a request body (the inputs are the revision's).
    func restoreRevision(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.jsonOnly)
        let stack = try StackPath.required(context)
        let number = try StackPath.revisionNumber(context)
        let overrides = try InputReader.clusterOverrides(context)
        let revision = try await storedRevision(stack, number)
        let response = try await writeStack(request, context, stack: stack, type: type, restoredFrom: number) {
            () throws(ServiceError) in
            guard request.body.isEmpty else {
                throw .badRequest(
                    "restore takes no request body: it restores the inputs of revision \(number); "
                        + "cluster parameters go in the query")
            }
            return try NetpolService.restoredInput(revision, stack: stack, overrides: overrides)
        }
        metrics.recordRestore()
        return response
    }

    /// The dry run: what the restore would change, as `POST …/plan` of revision n's inputs
    /// answers it (the diff from the current revision, `digest`, `enabled`, `reason`,
    /// `warnings`, `wouldCreateRevision`) plus `restoredFrom`; stores nothing.
    func planRestore(_ request: HTTPRequest, _ context: RequestContext) async throws(ServiceError) -> HTTPResponse {
        let type = try NetpolService.negotiate(request, ContentNegotiation.diff)
        let stack = try StackPath.required(context)
        let number = try StackPath.revisionNumber(context)
        let flows = try QueryParameters.flowsView(context)
        let overrides = try InputReader.clusterOverrides(context)
        let revision = try await storedRevision(stack, number)
        return try await planStack(
            stack: stack, type: type, flows: flows, extra: [("restoredFrom", Array(String(number).utf8))]
        ) { () throws(ServiceError) in
            try NetpolService.restoredInput(revision, stack: stack, overrides: overrides)
        }
    }

    /// The input a restore writes: the inputs stored with `revision`, the cluster query
    /// parameters (`overrides`) merged over its cluster context, validated under today's
    /// rules. Inputs that no longer validate are a 422 naming every field (nothing is stored).
    static func restoredInput(
        _ revision: StoredRevision, stack: StackPath, overrides: ClusterOverrides
    ) throws(ServiceError) -> ReadInput {
        do throws(InputError) {
            let stored = try PolicyInput(envelope: try JSONValue.parseJSON(revision.inputsJSON))
            let input = try stored.applying(overrides).identified(namespace: stack.namespace, name: stack.name)
            return ReadInput(input: input, options: try input.resolve())
        } catch {
            var problem = ProblemDetails.invalidInput(error)
            problem.detail = "The inputs stored with revision \(revision.summary.number) no longer validate ("
                + (error.problemCount == 1 ? "1 error" : "\(error.problemCount) errors") + "); nothing was stored."
            throw .problem(problem)
        }
    }
}
