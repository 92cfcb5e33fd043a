import CommandParsing
import PolicyCore

/// `lokinetpol drift`: what a cluster has against what an input or rendered output says.
struct DriftCommand: RunnableCommand {
    static var spec: CommandSpec {
        CommandSpec(
            name: "drift",
            abstract: "Compare the NetworkPolicies a cluster has with the expected ones.",
            discussion: """
                LIVE is what `kubectl get networkpolicy -n NAMESPACE -o yaml` prints (a List, or a stream \
                of NetworkPolicies; JSON or YAML). EXPECTED is an input (as for render; the cluster flags \
                apply to it) or rendered output, told apart as diff does. A live policy is compared when \
                its name is an expected one or it carries the stack's app.kubernetes.io/instance label; \
                the rest of the namespace is ignored unless --all, which lists it as extra. Not drift: \
                server-populated fields (uid, resourceVersion, generation, creationTimestamp, \
                managedFields, status), annotations, labels the expected policy does not set, and API \
                defaults (protocol TCP, policyTypes defaulted from the rules).

                Output (JSON, keys sorted): {changed: [{name, changes}], extra: [{name, managed}], flows, \
                missing}: changes a patch from the expected policy to the live one as diff -o json gives \
                it; managed whether the extra policy carries the stack's operator labels; flows the flow \
                matrix cells that differ (an input's own model, or for rendered output one model read \
                from the expected policies, as diff -o semantic does).

                Exit status: 0 no drift; 1 drift; 2 error (an unreadable file or invalid input: each \
                problem on standard error as `FILE: pointer: message`; or a usage error).
                """,
            parameters: [Parameters.live, Parameters.expected, Parameters.all] + ClusterOptions.Parameters.all)
    }

    /// The declarations, read by ``init(_:)``.
    enum Parameters {
        static let live = Argument(
            "live", help: "The live policies (kubectl get networkpolicy -o yaml), or - for standard input.")
        static let expected = Argument(
            "expected", help: "The expected side: an input or rendered output file, or - for standard input.")
        static let all = Flag("all", help: "List every other live policy of the namespace as extra.")
    }

    let live: String
    let expected: String
    let all: Bool
    let cluster: ClusterOptions

    init(_ values: ParsedValues) throws(UsageError) {
        live = values.value(of: Parameters.live)
        expected = values.value(of: Parameters.expected)
        if live == "-" && expected == "-" { throw .invalid("only one of LIVE and EXPECTED can be standard input (-)") }
        all = values.value(of: Parameters.all)
        cluster = try ClusterOptions(values)
    }

    func run() throws(ExitCode) {
        let liveBytes = try read(live)
        let expectedBytes = try read(expected)
        let livePolicies: [NetworkPolicy]
        do {
            livePolicies = try PolicyDrift.live(liveBytes, format: InputFormat.detect(liveBytes))
        } catch {
            throw report(error, path: live)
        }
        let format = InputFormat.detect(expectedBytes)
        var options: RenderOptions?
        let expectedPolicies: [NetworkPolicy]
        do {
            if DiffCommand.isRenderedOutput(expectedBytes, format: format) {
                expectedPolicies = try RenderedPolicies.decode(expectedBytes, format: format)
            } else {
                let resolved = try PolicyInput.decode(expectedBytes, format: format).applying(cluster.overrides).resolve()
                for warning in resolved.warnings {
                    CommandIO.writeError("warning: \(expected): \(warning.pointer.isEmpty ? "input" : warning.pointer): \(warning.message)")
                }
                options = resolved
                expectedPolicies = PolicyGenerator.policies(resolved)
            }
        } catch {
            throw report(error, path: expected)
        }
        let stack: (name: String, namespace: String)
        if let options {
            stack = (options.name, options.namespace)
        } else if let first = expectedPolicies.first(where: { $0.labels["app.kubernetes.io/instance"] != nil }),
            let name = first.labels["app.kubernetes.io/instance"]
        {
            stack = (name, first.namespace)
        } else {
            CommandIO.writeError(
                "error: \(expected): no policy carries app.kubernetes.io/instance, so the stack is unknown: "
                    + "pass the input instead of rendered output")
            throw ExitCode(2)
        }
        let model: FlowModel
        if let options {
            model = FlowModel(options: options)
        } else {
            do {
                model = try FlowModel.inferred(from: expectedPolicies)
            } catch {
                CommandIO.writeError("error: no flow model for these policies: \(error.description)")
                throw ExitCode(2)
            }
        }
        let enablement = options?.enablement ?? .enabledExplicitly
        let report = PolicyDrift.compare(
            expected: expectedPolicies, live: livePolicies, stackName: stack.name, namespace: stack.namespace, all: all,
            revision: nil
        ) { wanted, found in
            PolicyDiff.flows(
                old: FlowAnalysis.matrix(model: model, policies: wanted, enablement: enablement),
                new: FlowAnalysis.matrix(model: model, policies: found, enablement: enablement))
        }
        CommandIO.writeOut(report.json() + [UInt8(ascii: "\n")])
        if !report.isEmpty { throw ExitCode(1) }
    }

    private func read(_ path: String) throws(ExitCode) -> [UInt8] {
        do {
            return try CommandIO.read(path)
        } catch {
            CommandIO.writeError("error: \(error.message)")
            throw ExitCode(2)
        }
    }

    /// Every problem of `error` as `FILE: pointer: message`; the exit status 2 to throw.
    private func report(_ error: InputError, path: String) -> ExitCode {
        for issue in error.issues {
            CommandIO.writeError("\(path): \(issue.pointer.isEmpty ? "input" : issue.pointer): \(issue.message)")
        }
        CommandIO.writeError("error: \(path): rejected (\(error.issues.count) problem\(error.issues.count == 1 ? "" : "s"))")
        return ExitCode(2)
    }
}
