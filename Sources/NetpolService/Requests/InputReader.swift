import HTTPServer
import PolicyCore

/// A request body read as a policy input: decoded, cluster query parameters merged,
/// identified against the stack path (stack routes), validated and resolved.
struct ReadInput: Sendable {
    /// The credential-free input, cluster parameters merged (what a PUT stores).
    var input: PolicyInput
    /// The resolved options (what the generator renders).
    var options: RenderOptions
}

/// Request body → ``ReadInput``, with the api.md status for each failure: a body without a
/// JSON/YAML `Content-Type` → 415, an unparseable body → 400, a body whose decoded size is past
/// `InputLimits.maxDecodedBytes` → 413, an empty or invalid one → 422. With `?strict=true`, the
/// lint warnings of supplementary policies (those with a `rule`), and only those, are a 422.
enum InputReader {
    /// Reads the request's input; `stack` fills/compares `metadata.namespace`/`name` (422 on a
    /// mismatch at `/lokistack/metadata/…`). `overrides` are the request's cluster query
    /// parameters when the caller already read them (`clusterOverrides`), else they are read
    /// here, before the body (api.md order of evaluation: query, then body).
    static func read(
        _ request: HTTPRequest, _ context: RequestContext, stack: StackPath?, overrides: ClusterOverrides? = nil
    ) throws(ServiceError) -> ReadInput {
        let clusterOverrides: ClusterOverrides
        if let overrides {
            clusterOverrides = overrides
        } else {
            clusterOverrides = try InputReader.clusterOverrides(context)
        }
        if request.body.isEmpty {
            throw .invalidInput(InputError([FieldIssue(pointer: "/lokistack", message: "required: the request body is empty")]))
        }
        guard let format = ContentNegotiation.inputFormat(request) else {
            throw .problem(.unsupportedMediaType(request.headers["Content-Type"]))
        }
        var input: PolicyInput
        do throws(InputError) {
            input = try PolicyInput.decode(request.body, format: format)
        } catch {
            throw .input(error)
        }
        let strict = try QueryParameters.strict(context)
        do throws(InputError) {
            input = input.applying(clusterOverrides)
            if let stack { input = try input.identified(namespace: stack.namespace, name: stack.name) }
            let options = try input.resolve()
            let lint = strict ? options.warnings.filter { $0.rule != nil } : []
            if !lint.isEmpty { throw InputError(lint) }
            return ReadInput(input: input, options: options)
        } catch {
            throw .invalidInput(error)
        }
    }

    /// The cluster query parameters (`platform`, `serviceMonitors`, …): 422 with pointers at
    /// `/cluster/<field>` when one is invalid. Read before preconditions and the body, and so is
    /// `strict` checked here (400 when it is not `true` or `false`).
    static func clusterOverrides(_ context: RequestContext) throws(ServiceError) -> ClusterOverrides {
        _ = try QueryParameters.strict(context)
        do throws(InputError) {
            return try ClusterOverrides.parse(queryItems: context.queryItems.map { ($0.name, $0.value) })
        } catch {
            throw .invalidInput(error)
        }
    }

    /// The 400 detail: the parser's messages.
    static func syntaxDetail(_ error: InputError) -> String {
        "the body cannot be parsed: " + error.issues.map(\.message).joined(separator: "; ")
    }
}
