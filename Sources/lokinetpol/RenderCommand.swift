import CommandParsing
import PolicyCore

/// `lokinetpol render`: a LokiStack input in any form → its NetworkPolicies.
struct RenderCommand: RunnableCommand {
    static var spec: CommandSpec {
        CommandSpec(
            name: "render",
            abstract: "Render the NetworkPolicies of a LokiStack.",
            discussion: """
                The input is a JSON or YAML envelope {lokistack, rulerConfig?, objectStorage?, cluster?}, a bare \
                LokiStack manifest, or a YAML stream of LokiStack, RulerConfig, storage Secret, Service and \
                EndpointSlice manifests (a Secret is reduced to its endpoint at once; credentials are never \
                printed). JSON when the first non-space byte is '{', else YAML. Cluster flags win over the \
                input's cluster field.

                Supplementary NetworkPolicies (envelope `supplementary`, or NetworkPolicy documents and a List \
                of them in a stream) are validated, linted and rendered after the generated ones; --strict \
                makes their lint warnings errors.

                Exit status: 0 rendered; 1 invalid input (each problem on standard error as `pointer: message`); \
                2 usage error. Warnings go to standard error as `warning: pointer: message`, a lint \
                warning followed by its rule id in brackets.
                """,
            parameters: [Parameters.file, Parameters.output, Parameters.strict] + ClusterOptions.Parameters.all)
    }

    /// What to print.
    enum Output: String, ArgumentValue, CaseIterable {
        /// kubectl-ready multi-document YAML (empty when policies are disabled).
        case yaml
        /// The render result document: digest, enabled, policies (List), reason, warnings.
        case json
        /// The bare List (canonical JSON), for `kubectl apply -f`.
        case list
    }

    /// The declarations, read by ``init(_:)``.
    enum Parameters {
        static let file = Option<String>("file", short: "f", help: "Input file, or - for standard input.", default: "-")
        static let output = Option<Output>(
            "output", short: "o", help: "Output: yaml (kubectl stream), json (render result) or list (List JSON).",
            default: .yaml)
        static let strict = Flag(
            "strict", help: "Treat the lint warnings of supplementary policies as errors (exit status 1).")
    }

    let file: String
    let output: Output
    let strict: Bool
    let cluster: ClusterOptions

    init(_ values: ParsedValues) throws(UsageError) {
        file = try values.value(of: Parameters.file)
        output = try values.value(of: Parameters.output)
        strict = values.value(of: Parameters.strict)
        cluster = try ClusterOptions(values)
    }

    func run() throws(ExitCode) {
        let bytes = try CommandIO.readInput(file)
        let result = PolicyGenerator.render(try CommandIO.resolveInput(bytes, overrides: cluster.overrides, strict: strict))
        switch output {
        case .yaml: CommandIO.writeOut(PolicyEncoding.yaml(result.policies))
        case .json: CommandIO.writeOut(PolicyEncoding.renderResultJSON(result) + [UInt8(ascii: "\n")])
        case .list: CommandIO.writeOut(result.canonicalListJSON + [UInt8(ascii: "\n")])
        }
    }
}
