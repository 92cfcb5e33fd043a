/// Decoding of rendered output back to typed policies, for diffs and flow matrices of
/// rendered files.
public enum RenderedPolicies {
    /// The policies of rendered output: a YAML stream of NetworkPolicy documents, a `List`
    /// (or `NetworkPolicyList`) of them in JSON or YAML, a render result document
    /// (`{digest, enabled, policies: List, reason, warnings}`), or a single NetworkPolicy.
    /// Empty input (a disabled render's YAML) is no policies.
    ///
    /// Errors point into the document (`/items/2/spec/ingress/0/ports/1/port`); in a stream
    /// of several documents the pointer starts with the document's index (`/3/metadata/name`).
    public static func decode(_ bytes: some Collection<UInt8>, format: InputFormat) throws(InputError) -> [NetworkPolicy] {
        try decode(bytes, format: format, requireDocument: false)
    }

    /// `decode(_:format:)`; with `requireDocument`, input without any document is an error
    /// (what a cluster has is always a List, if an empty one).
    static func decode(_ bytes: some Collection<UInt8>, format: InputFormat, requireDocument: Bool) throws(InputError)
        -> [NetworkPolicy]
    {
        var documents: [JSONValue]
        switch format {
        case .json: documents = [try JSONValue.parseJSON(bytes)]
        case .yaml: documents = try JSONValue.parseYAMLStream(bytes)
        }
        documents.removeAll { $0.isNull }
        if requireDocument, documents.isEmpty {
            throw InputError([
                FieldIssue(pointer: "", message: "required: the NetworkPolicies, as a List (kubectl get -o yaml prints one, items: [] for none)")
            ])
        }
        var log = IssueLog()
        var policies: [NetworkPolicy] = []
        for (index, document) in documents.enumerated() {
            let base = documents.count > 1 ? FieldPath([.index(index)]) : FieldPath.root
            policies += read(document, at: base, log: &log)
        }
        if log.hasErrors {
            throw InputError(log.errors.map { FieldIssue(pointer: $0.path.pointer, message: $0.message) }, kind: .invalid)
        }
        return policies
    }

    private static func read(_ document: JSONValue, at path: FieldPath, log: inout IssueLog) -> [NetworkPolicy] {
        guard case .object(let object) = document else {
            log.error(path, "must be a NetworkPolicy, a List of them or a render result, not \(IssueLog.describe(document))")
            return []
        }
        switch object["kind"]?.stringValue {
        case "List", "NetworkPolicyList":
            _ = log.string(object["apiVersion"], at: path.key("apiVersion"))
            _ = log.object(object["metadata"], at: path.key("metadata"))
            return items(object["items"], at: path.key("items"), log: &log)
        case "NetworkPolicy":
            return NetworkPolicyReader.read(document, at: path, log: &log).map { [$0] } ?? []
        case nil where object["policies"] != nil:
            let listPath = path.key("policies")
            guard let list = log.object(object["policies"], at: listPath, what: "a List (an object)") else { return [] }
            if let kind = log.string(list["kind"], at: listPath.key("kind")), kind != "List" {
                log.error(listPath.key("kind"), "must be List, not \(IssueLog.quoted(kind))")
            }
            return items(list["items"], at: listPath.key("items"), log: &log)
        case let kind:
            let what = kind.map { "kind \(IssueLog.quoted($0))" } ?? "a document without kind"
            log.error(path, "must be a NetworkPolicy, a List of them or a render result, not \(what)")
            return []
        }
    }

    private static func items(_ value: JSONValue?, at path: FieldPath, log: inout IssueLog) -> [NetworkPolicy] {
        if value?.isNull ?? true { log.error(path, "required: the list's items (a list, [] for none)") }
        var policies: [NetworkPolicy] = []
        for (i, item) in (log.array(value, at: path) ?? []).enumerated() {
            if let policy = NetworkPolicyReader.read(item, at: path.index(i), log: &log) { policies.append(policy) }
        }
        return policies
    }
}
