/// Drift (issue 12): what a cluster really has (`kubectl get networkpolicy -n NS -o yaml`)
/// against the policies of a revision.
///
/// A live policy is compared when its name is one the revision expects or it carries the stack's
/// `app.kubernetes.io/instance` label; other policies of the namespace are ignored unless `all`,
/// which lists them as extra. Policies of other namespaces are ignored. Not drift: fields the
/// server populates (`uid`, `resourceVersion`, `generation`, `creationTimestamp`, `managedFields`,
/// `status`: the typed model does not hold them), annotations, labels the revision does not set,
/// and API defaults (`protocol: TCP`, `policyTypes` defaulted from the rules).
public struct PolicyDrift: Sendable, Hashable {
    /// A live policy the revision does not expect.
    public struct Extra: Sendable, Hashable {
        public var name: String
        /// Whether it carries this stack's operator labels (`app.kubernetes.io/instance=<stack>`
        /// and `app.kubernetes.io/managed-by=lokistack-controller`).
        public var managed: Bool

        public init(name: String, managed: Bool) {
            self.name = name
            self.managed = managed
        }
    }

    /// The revision compared against (nil: not a stored revision, left out of the JSON).
    public var revision: Int?
    /// Expected policies the cluster does not have, in the revision's order.
    public var missing: [String]
    /// Live policies the revision does not expect, in the live order.
    public var extra: [Extra]
    /// Policies whose live object differs, in the revision's order: a patch from the
    /// revision's policy (old) to the live one (new), as `…/diff` gives it.
    public var changed: [PolicyChange]
    /// The flow matrix cells that differ between the revision's set and the compared live set.
    public var flows: [FlowChange]

    public init(revision: Int?, missing: [String], extra: [Extra], changed: [PolicyChange], flows: [FlowChange]) {
        self.revision = revision
        self.missing = missing
        self.extra = extra
        self.changed = changed
        self.flows = flows
    }

    /// True when the cluster has exactly what the revision says.
    public var isEmpty: Bool { missing.isEmpty && extra.isEmpty && changed.isEmpty && flows.isEmpty }

    /// The live policies of `kubectl get networkpolicy -o yaml` (a `List`, a stream, or one
    /// policy; JSON or YAML), as `RenderedPolicies.decode` reads them. No document at all, or
    /// more than `InputLimits.maxLivePolicies` policies, is `.invalid` at the root.
    public static func live(_ bytes: some Collection<UInt8>, format: InputFormat) throws(InputError) -> [NetworkPolicy] {
        let policies = try RenderedPolicies.decode(bytes, format: format, requireDocument: true)
        guard policies.count <= InputLimits.maxLivePolicies else {
            throw InputError([
                FieldIssue(
                    pointer: "",
                    message: "has \(policies.count) NetworkPolicies; at most \(InputLimits.maxLivePolicies) are accepted")
            ])
        }
        return policies
    }

    /// The labels that mark a policy as this stack's operator's.
    static let managedByLabel = ("app.kubernetes.io/managed-by", "lokistack-controller")

    /// Compares `live` with `expected` (a revision's policies of the stack `stackName` in
    /// `namespace`); `flows` gives the flow cells that differ between the expected set and the
    /// compared live policies (their normalized form).
    public static func compare(
        expected: [NetworkPolicy], live: [NetworkPolicy], stackName: String, namespace: String, all: Bool,
        revision: Int?, flows: (_ expected: [NetworkPolicy], _ live: [NetworkPolicy]) -> [FlowChange]
    ) -> PolicyDrift {
        var expectedByName: [String: NetworkPolicy] = [:]
        for policy in expected where expectedByName[policy.name] == nil { expectedByName[policy.name] = policy }
        var compared: [NetworkPolicy] = []
        var liveByName: [String: NetworkPolicy] = [:]
        var extra: [Extra] = []
        for policy in live where policy.namespace == namespace && liveByName[policy.name] == nil {
            let wanted = expectedByName[policy.name]
            let ours = policy.labels["app.kubernetes.io/instance"] == stackName
            guard wanted != nil || ours || all else { continue }
            let normalized = normalize(policy, labelsOf: wanted)
            liveByName[policy.name] = normalized
            compared.append(normalized)
            if wanted == nil {
                let managed = ours && policy.labels[managedByLabel.0] == managedByLabel.1
                extra.append(Extra(name: policy.name, managed: managed))
            }
        }
        var missing: [String] = []
        var changed: [PolicyChange] = []
        for policy in expected {
            guard let found = liveByName[policy.name] else {
                missing.append(policy.name)
                continue
            }
            let wanted = normalize(policy, labelsOf: nil)
            if wanted != found { changed.append(PolicyChange(name: policy.name, changes: PolicyPatch(old: wanted, new: found).changes)) }
        }
        let normalizedExpected = expected.map { normalize($0, labelsOf: nil) }
        return PolicyDrift(
            revision: revision, missing: missing, extra: extra, changed: changed, flows: flows(normalizedExpected, compared))
    }

    /// `policy` with the API server's `policyTypes` default applied, and, given the expected
    /// policy of the same name, only the labels that one sets.
    static func normalize(_ policy: NetworkPolicy, labelsOf expected: NetworkPolicy?) -> NetworkPolicy {
        var copy = policy
        if copy.spec.policyTypes.isEmpty {
            copy.spec.policyTypes = copy.spec.egress.isEmpty ? [.ingress] : [.ingress, .egress]
        }
        if let expected {
            copy.labels = LabelMap(policy.labels.filter { expected.labels[$0.key] != nil }.map { ($0.key, $0.value) })
        }
        return copy
    }

    /// Canonical JSON: `{"changed":[{"changes":[…],"name":…}],"extra":[{"managed":…,"name":…}],
    /// "flows":[…],"missing":[…],"revision":N}` (`revision` only when given).
    public func json() -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 512)
        writer.raw("{\"changed\":[")
        for (i, change) in changed.enumerated() {
            if i > 0 { writer.raw(",") }
            change.writeJSON(to: &writer)
        }
        writer.raw("],\"extra\":[")
        for (i, item) in extra.enumerated() {
            if i > 0 { writer.raw(",") }
            writer.raw("{\"managed\":")
            writer.bool(item.managed)
            writer.raw(",\"name\":")
            writer.string(item.name)
            writer.raw("}")
        }
        writer.raw("],\"flows\":[")
        for (i, change) in flows.enumerated() {
            if i > 0 { writer.raw(",") }
            change.writeJSON(to: &writer)
        }
        writer.raw("],\"missing\":")
        writer.stringArray(missing)
        if let revision {
            writer.raw(",\"revision\":")
            writer.int(revision)
        }
        writer.raw("}")
        return writer.finish()
    }
}
