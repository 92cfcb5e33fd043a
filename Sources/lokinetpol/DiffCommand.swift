import CommandParsing
import PolicyCore

/// `lokinetpol diff`: the difference between two inputs or rendered outputs.
struct DiffCommand: RunnableCommand {
    static var spec: CommandSpec {
        CommandSpec(
            name: "diff",
            abstract: "Compare the policies of two inputs or rendered outputs.",
            discussion: """
                OLD and NEW are each either an input (an envelope, a bare LokiStack or a YAML stream of \
                manifests, as for render; the cluster flags apply to it) or rendered output (a YAML stream \
                of NetworkPolicies, a List or a render result, as render writes them; an empty file is a \
                disabled render, no policies). The kind decides: a document of kind NetworkPolicy, List or \
                NetworkPolicyList, a render result, or no document at all is rendered output. Policies are \
                matched by name.

                Output: text (default: a unified diff of the policies' YAML like kubectl diff, headers \
                --- a/<namespace>/<policy> and +++ b/<namespace>/<policy>, /dev/null for an added or \
                removed policy); json (added, removed and changed policies, each changed one with its \
                changes as a patch: applied in order as RFC 6902 operations they turn the old policy into \
                the new one; a JSON Pointer path with old and new values for a replace, new only for an \
                add, old only for a remove; lists are aligned by content, so an inserted or removed rule, \
                peer or port is one change holding the whole item; the same changes as the service's \
                diff); semantic (every cell of the flow matrix that changes, as "direction component: \
                class: old → new").

                Work budget: each policy's diff may spend 500,000 operations (counted, not timed, so the \
                answer is always the same); past it the policy is shown replaced whole: in json one change \
                with path "" and the whole old and new policy, in text one hunk removing the whole old \
                document and adding the whole new one.

                Semantic model: two inputs are each evaluated over the model of their own configuration \
                (see flows). When either side is rendered output the configuration is not known, so both \
                sides are evaluated over one model read from the policies of both: the stack's name and \
                namespace from the policies (they must belong to one stack), openshift when a policy \
                selects the openshift-dns namespace, the object storage ports from the peer-less egress \
                rules of *-loki-allow-bucket-egress (443 when there is none), the Alertmanager ports from \
                the peer-less egress rules of *-ruler-allow-alert-egress, and the OpenShift Alertmanager \
                pods where *-ruler-allow-alert-egress selects their namespaces. Object storage or \
                Alertmanager endpoints that no policy names are therefore not probed.

                Exit status: 0 no difference; 1 differences; 2 error (an unreadable file or invalid \
                input: each problem on standard error as `FILE: pointer: message`; or a usage error).
                """,
            parameters: [Parameters.old, Parameters.new, Parameters.output] + ClusterOptions.Parameters.all)
    }

    /// What to print.
    enum Output: String, ArgumentValue, CaseIterable {
        case text, json, semantic
    }

    /// The declarations, read by ``init(_:)``.
    enum Parameters {
        static let old = Argument("old", help: "The old side: an input or rendered output file, or - for standard input.")
        static let new = Argument("new", help: "The new side: an input or rendered output file, or - for standard input.")
        static let output = Option<Output>("output", short: "o", help: "Output: text, json or semantic.", default: .text)
    }

    let old: String
    let new: String
    let output: Output
    let cluster: ClusterOptions

    init(_ values: ParsedValues) throws(UsageError) {
        old = values.value(of: Parameters.old)
        new = values.value(of: Parameters.new)
        if old == "-" && new == "-" { throw .invalid("only one of OLD and NEW can be standard input (-)") }
        output = try values.value(of: Parameters.output)
        cluster = try ClusterOptions(values)
    }

    /// One side: its policies, and its render options when it is an input.
    private struct Side {
        let policies: [NetworkPolicy]
        let options: RenderOptions?
    }

    func run() throws(ExitCode) {
        let sides = [old, new].map { load($0) }
        guard case .success(let before) = sides[0], case .success(let after) = sides[1] else {
            throw ExitCode(2)
        }
        let different: Bool
        switch output {
        case .text:
            let text = PolicyDiff.text(old: before.policies, new: after.policies)
            CommandIO.writeOut(Array(text.utf8))
            different = !text.isEmpty
        case .json:
            let diff = PolicyDiff.structured(old: before.policies, new: after.policies)
            CommandIO.writeOut(diff.json() + [UInt8(ascii: "\n")])
            different = !diff.isEmpty
        case .semantic:
            let changes = try flowChanges(before, after)
            CommandIO.writeOut(Array(changes.map(describe).joined().utf8))
            different = !changes.isEmpty
        }
        if different { throw ExitCode(1) }
    }

    /// Reads and decodes one side; on failure reports every problem on standard error.
    private func load(_ path: String) -> Result<Side, ExitCode> {
        let bytes: [UInt8]
        do {
            bytes = try CommandIO.read(path)
        } catch {
            CommandIO.writeError("error: \(error.message)")
            return .failure(ExitCode(2))
        }
        let format = InputFormat.detect(bytes)
        do {
            if DiffCommand.isRenderedOutput(bytes, format: format) {
                return .success(Side(policies: try RenderedPolicies.decode(bytes, format: format), options: nil))
            }
            let options = try PolicyInput.decode(bytes, format: format).applying(cluster.overrides).resolve()
            for warning in options.warnings {
                CommandIO.writeError("warning: \(path): \(pointer(warning)): \(warning.message)")
            }
            return .success(Side(policies: PolicyGenerator.policies(options), options: options))
        } catch {
            for issue in error.issues { CommandIO.writeError("\(path): \(pointer(issue)): \(issue.message)") }
            let count = error.problemCount
            CommandIO.writeError("error: \(path): rejected (\(count) problem\(count == 1 ? "" : "s"))")
            return .failure(ExitCode(2))
        }
    }

    private func pointer(_ issue: FieldIssue) -> String { issue.pointer.isEmpty ? "input" : issue.pointer }

    /// Rendered output: no document at all, or a document of kind NetworkPolicy, List or
    /// NetworkPolicyList, or a render result (`policies` without a kind), and no LokiStack (an
    /// input stream may carry supplementary NetworkPolicies). Text that does not parse is left
    /// to the input decoder to report.
    static func isRenderedOutput(_ bytes: [UInt8], format: InputFormat) -> Bool {
        let documents: [JSONValue]
        do {
            switch format {
            case .json: documents = [try JSONValue.parseJSON(bytes)]
            case .yaml: documents = try JSONValue.parseYAMLStream(bytes)
            }
        } catch {
            return false
        }
        let present = documents.filter { !$0.isNull }
        if present.isEmpty { return true }
        if present.contains(where: { $0["kind"]?.stringValue == "LokiStack" }) { return false }
        return present.contains { document in
            switch document["kind"]?.stringValue {
            case "NetworkPolicy", "List", "NetworkPolicyList": return true
            case nil: return document["policies"] != nil && document["lokistack"] == nil
            default: return false
            }
        }
    }

    /// The flow cells that change: each input over its own model, or (with rendered output
    /// on either side) both over one model read from all the policies.
    private func flowChanges(_ before: Side, _ after: Side) throws(ExitCode) -> [FlowChange] {
        if let oldOptions = before.options, let newOptions = after.options {
            return PolicyDiff.flows(old: (oldOptions, before.policies), new: (newOptions, after.policies))
        }
        let model: FlowModel
        do {
            model = try FlowModel.inferred(from: before.policies + after.policies)
        } catch {
            CommandIO.writeError("error: no flow model for these policies: \(error.description)")
            throw ExitCode(2)
        }
        // The enablement only labels encoded matrices; the cells are what is compared.
        func matrix(_ side: Side) -> FlowMatrix {
            let enablement = side.options?.enablement ?? (side.policies.isEmpty ? .disabledExplicitly : .enabledExplicitly)
            return FlowAnalysis.matrix(model: model, policies: side.policies, enablement: enablement)
        }
        return PolicyDiff.flows(old: matrix(before), new: matrix(after))
    }

    /// `egress ruler: To AlertManager: ✅ 9093 → ✅ 9093, 9094`.
    private func describe(_ change: FlowChange) -> String {
        let title =
            change.direction == .ingress
            ? IngressSource(rawValue: change.flowClass)?.title : EgressDestination(rawValue: change.flowClass)?.title
        return "\(change.direction.rawValue) \(change.component.rawValue): \(title ?? change.flowClass): "
            + "\(FlowMatrix.cellText(change.old)) → \(FlowMatrix.cellText(change.new))\n"
    }
}
