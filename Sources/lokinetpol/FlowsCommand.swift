import CommandParsing
import PolicyCore

/// `lokinetpol flows`: the flow matrix of a LokiStack's policies (spec §9).
struct FlowsCommand: RunnableCommand {
    static var spec: CommandSpec {
        CommandSpec(
            name: "flows",
            abstract: "Show which flows the generated policies allow: the flow matrix of the documentation.",
            discussion: """
                Renders the policies of the input (a JSON or YAML envelope, a bare LokiStack or a YAML \
                stream of manifests, as for render) and evaluates them with Kubernetes NetworkPolicy \
                semantics over a model of the cluster: one pod per Loki component and the gateway, an \
                outside address (203.0.113.10), an unrelated pod in namespace "other", the Prometheus pod \
                (openshift-monitoring on openshift, monitoring on kubernetes), the DNS pods, the object \
                storage and Alertmanager endpoints on their configured ports, and the API server on 6443. \
                A cell lists the ports on which at least one endpoint of its class gets through (✅), or ❌.

                Output: text (default: aligned tables), markdown (the documentation's tables), json (the \
                flow matrix document with enabled and reason), probes (every probed connection and its \
                verdict, JSON), model (the model's namespaces and pods as a Kubernetes List, JSON, for \
                other analyzers such as nca).

                Exit status: 0 shown; 1 invalid input (each problem on standard error as \
                `pointer: message`); 2 usage error. Warnings go to standard error as \
                `warning: pointer: message`.
                """,
            parameters: [Parameters.file, Parameters.output] + ClusterOptions.Parameters.all)
    }

    /// What to print.
    enum Output: String, ArgumentValue, CaseIterable {
        case text, json, markdown, probes, model
    }

    /// The declarations, read by ``init(_:)``.
    enum Parameters {
        static let file = Option<String>("file", short: "f", help: "Input file, or - for standard input.", default: "-")
        static let output = Option<Output>(
            "output", short: "o", help: "Output: text, markdown, json, probes or model.", default: .text)
    }

    let file: String
    let output: Output
    let cluster: ClusterOptions

    init(_ values: ParsedValues) throws(UsageError) {
        file = try values.value(of: Parameters.file)
        output = try values.value(of: Parameters.output)
        cluster = try ClusterOptions(values)
    }

    func run() throws(ExitCode) {
        let bytes = try CommandIO.readInput(file)
        if DiffCommand.isRenderedOutput(bytes, format: InputFormat.detect(bytes)) {
            CommandIO.writeError(
                "error: \(file == "-" ? "standard input" : file) holds rendered NetworkPolicies; flows needs the input "
                    + "(LokiStack, …) to know the cluster model: use `lokinetpol diff OLD NEW -o semantic` for rendered output")
            throw ExitCode(1)
        }
        let options = try CommandIO.resolveInput(bytes, overrides: cluster.overrides)
        let policies = PolicyGenerator.policies(options)
        switch output {
        case .text:
            CommandIO.writeOut(Array(FlowAnalysis.matrix(options: options, policies: policies).text().utf8))
        case .markdown:
            CommandIO.writeOut(Array(FlowAnalysis.matrix(options: options, policies: policies).markdown().utf8))
        case .json:
            CommandIO.writeOut(FlowAnalysis.matrix(options: options, policies: policies).json() + [UInt8(ascii: "\n")])
        case .probes:
            CommandIO.writeOut(FlowProbe.json(FlowAnalysis.probes(model: FlowModel(options: options), policies: policies)))
        case .model:
            CommandIO.writeOut(FlowModel(options: options).manifestsJSON())
        }
    }
}
