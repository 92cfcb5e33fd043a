/// The output encoders of spec §8. All byte-exact and deterministic: keys sorted by code
/// point at every level, lists in model order.
public enum PolicyEncoding {
    /// Canonical JSON (RFC 8785) of one policy.
    public static func canonicalJSON(_ policy: NetworkPolicy) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: PolicyJSONEncoder.sizeEstimate.bytes(for: [policy]))
        var encoder = PolicyJSONEncoder()
        encoder.write(policy, to: &w)
        return w.finish()
    }

    /// Canonical JSON of the `List` object `{"apiVersion":"v1","items":[...],"kind":"List"}`:
    /// what the digest is taken of, and directly usable with `kubectl apply -f`.
    public static func canonicalListJSON(_ policies: [NetworkPolicy]) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: PolicyJSONEncoder.sizeEstimate.bytes(for: policies))
        var encoder = PolicyJSONEncoder()
        encoder.writeList(policies, to: &w)
        return w.finish()
    }

    /// Appends the canonical JSON of one policy to `writer` (for documents that embed policies).
    public static func writeCanonicalJSON(_ policy: NetworkPolicy, to writer: inout JSONWriter) {
        var encoder = PolicyJSONEncoder()
        encoder.write(policy, to: &writer)
    }

    /// The kubectl-ready YAML stream: one `---` document per policy. Empty (zero bytes)
    /// when there are no policies.
    public static func yaml(_ policies: [NetworkPolicy]) -> [UInt8] {
        var w = YAMLWriter(reservingCapacity: PolicyYAMLEncoder.sizeEstimate.bytes(for: policies))
        var encoder = PolicyYAMLEncoder()
        for i in policies.indices { encoder.write(policies[i], to: &w) }
        return w.finish()
    }

    /// One YAML document (`---\n…`, ending with a newline).
    public static func yaml(_ policy: NetworkPolicy) -> [UInt8] {
        var w = YAMLWriter(reservingCapacity: PolicyYAMLEncoder.sizeEstimate.bytes(for: [policy]))
        var encoder = PolicyYAMLEncoder()
        encoder.write(policy, to: &w)
        return w.finish()
    }

    /// The render result document, compact, keys sorted:
    /// `{"digest","enabled","policies":<List>,"reason",["revision",]"warnings":[{"message","pointer"}]}`.
    /// `revision` is written only when given (the service's policies of a revision).
    public static func renderResultJSON(_ result: RenderResult, revision: Int? = nil) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: result.canonicalListJSON.count + 256 + 128 * result.warnings.count)
        w.raw("{\"digest\":")
        w.string(result.digest)
        w.raw(",\"enabled\":")
        w.bool(result.enabled)
        w.raw(",\"policies\":")
        w.raw(result.canonicalListJSON)
        w.raw(",\"reason\":")
        w.string(result.enablement.reason)
        if let revision {
            w.raw(",\"revision\":")
            w.int(revision)
        }
        w.raw(",\"warnings\":")
        writeIssues(result.warnings, to: &w)
        w.raw("}")
        return w.finish()
    }

    /// Appends `[{"message":…,"pointer":…},…]` (sorted keys): the shape of warnings in
    /// results and of `errors` in problem details. A lint warning also has `"rule"` (its id).
    public static func writeIssues(_ issues: [FieldIssue], to writer: inout JSONWriter) {
        writer.raw("[")
        for i in issues.indices {
            if i > 0 { writer.raw(",") }
            let issue = issues[i]
            writer.raw("{\"message\":")
            writer.string(issue.message)
            writer.raw(",\"pointer\":")
            writer.string(issue.pointer)
            if let rule = issue.rule {
                writer.raw(",\"rule\":")
                writer.string(rule)
            }
            writer.raw("}")
        }
        writer.raw("]")
    }
}
