import ArgumentParser
import PolicyCore

/// `lokinetpol flows`: the flow matrix of a LokiStack's policies (spec §9).
struct FlowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "Show which flows the generated policies allow: the flow matrix of the documentation.",
        discussion: """
            Renders the policies of the input (an envelope, a bare LokiStack or a YAML stream of \
            manifests, JSON or YAML) and evaluates them with Kubernetes NetworkPolicy semantics over \
            a model of the cluster: one pod per Loki component and the gateway, an outside address \
            (203.0.113.10), an unrelated pod in namespace "other", the Prometheus pod \
            (openshift-monitoring or monitoring), the DNS pods, object storage and Alertmanager \
            endpoints on their configured ports, and the API server on 6443. A cell lists the ports \
            on which at least one endpoint of the class gets through (✅), or ❌.

            Formats: text (default, aligned tables), markdown (the documentation's tables), json \
            (the §9.1 document with enabled and reason), probes (every probed connection with its \
            verdict, JSON), model (the model's namespaces and pods as a Kubernetes List, JSON, for \
            other analyzers).

            Exit status: 0 on success, 1 when the input is invalid (every issue on standard error as \
            "pointer: message"), 64 on a usage error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown, probes, model
    }

    @Option(name: .shortAndLong, help: "Input file, or - for standard input.")
    var file = "-"

    @Option(name: .shortAndLong, help: "Output format: text, json, markdown, probes or model.")
    var output = Format.text

    @OptionGroup var cluster: ClusterOptions

    func run() throws {
        let options: RenderOptions
        do {
            let bytes = try CommandInput.read(file)
            options = try CommandInput.options(from: bytes, overrides: cluster.overrides)
        } catch let error as CommandInput.ReadError {
            CommandInput.printError("error: \(error)")
            throw ExitCode(1)
        } catch let error as InputError {
            CommandInput.report(error.issues)
            CommandInput.printError("error: invalid input (\(error.issues.count) issue\(error.issues.count == 1 ? "" : "s"))")
            throw ExitCode(1)
        }
        CommandInput.report(options.warnings, prefix: "warning: ")
        let policies = PolicyGenerator.policies(options)
        switch output {
        case .text: CommandInput.write(Array(FlowAnalysis.matrix(options: options, policies: policies).text().utf8))
        case .markdown:
            CommandInput.write(Array(FlowAnalysis.matrix(options: options, policies: policies).markdown().utf8))
        case .json: CommandInput.write(FlowAnalysis.matrix(options: options, policies: policies).json() + [0x0A])
        case .probes: CommandInput.write(FlowProbe.json(FlowAnalysis.probes(model: FlowModel(options: options), policies: policies)))
        case .model: CommandInput.write(FlowModel(options: options).manifestsJSON())
        }
    }
}
