/// A decoded input in envelope form, credentials already removed: safe to store, log and echo.
///
/// Produced by `decode(_:format:)` from any of the three input forms (envelope, bare LokiStack,
/// YAML stream of manifests), or by `init(envelope:)` from a stored envelope. `resolve()` validates
/// it and yields the `RenderOptions` the builders consume.
///
/// Equality compares the five parts as JSON values (object key order does not matter).
public struct PolicyInput: Sendable, Hashable {
    /// The LokiStack manifest, every field kept as given (unknown ones too).
    public var lokistack: JSONValue
    /// The RulerConfig manifest, if any.
    public var rulerConfig: JSONValue?
    /// `{endpoint?, authURL?, service?, endpointSlices?}`: object storage facts, never credentials.
    public var objectStorage: JSONValue?
    /// `{platform?, openshiftVersion?, gateway?, serviceMonitors?, alertmanager?, prometheus?}`.
    public var cluster: JSONValue?
    /// The stack's supplementary NetworkPolicies (issue 12), as given: nil when there are none.
    /// `resolve()` validates and lints them (`SupplementaryPolicies`, `SupplementaryLint`).
    public var supplementary: JSONValue?
    /// Where the parts came from in the original input, for document-order issue lists.
    var sourceOrder: SourceOrder
    /// The RulerConfig credential fields removed while building this input (`CredentialScrub`);
    /// `resolve()` warns about each. Not part of the envelope, equality or hash.
    var droppedCredentials: [FieldPath] = []
    /// `cluster` as the input gave it, kept when `applying(_:)` replaced values in it: `resolve()`
    /// validates it too, so an invalid value is an error even where a per-call value wins over
    /// it. Not part of the envelope, equality or hash.
    var clusterAsGiven: JSONValue?
    /// The URL fields whose user info, removed through the last `@`, reached past the first `/`,
    /// `?` or `#`; `resolve()` warns about each. Not part of the envelope, equality or hash.
    var userInfoPastAuthority: [FieldPath] = []
    /// Whether `resolve()` holds the input to the list limits of `InputLimits`: true for new
    /// input, false for a stored one read back with `init(envelope:)` (stored before the limits
    /// existed, it must stay readable). Not part of the envelope, equality or hash.
    var checksListLimits = true

    /// An input from its parts. `user:password@` is removed from URL fields, and the RulerConfig's
    /// plain-text credentials (Alertmanager `basicAuth.password`, `headerAuth.credentials`,
    /// remote-write `additionalHeaders`) are dropped; `resolve()` warns about each one dropped.
    public init(
        lokistack: JSONValue, rulerConfig: JSONValue? = nil, objectStorage: JSONValue? = nil, cluster: JSONValue? = nil,
        supplementary: JSONValue? = nil
    ) {
        self.init(
            lokistack: lokistack, rulerConfig: rulerConfig, objectStorage: objectStorage, cluster: cluster,
            supplementary: supplementary, sourceOrder: SourceOrder())
        var order = SourceOrder()
        for (i, key) in ["lokistack", "rulerConfig", "objectStorage", "cluster", "supplementary"].enumerated() {
            order.add(FieldPath(key), rank: i)
        }
        sourceOrder = order
    }

    init(
        lokistack: JSONValue, rulerConfig: JSONValue?, objectStorage: JSONValue?, cluster: JSONValue?,
        supplementary: JSONValue? = nil, sourceOrder: SourceOrder
    ) {
        self.lokistack = lokistack
        self.rulerConfig = rulerConfig
        self.objectStorage = objectStorage
        self.cluster = cluster
        self.supplementary = supplementary
        self.sourceOrder = sourceOrder
        let report = CredentialScrub.apply(to: &self)
        droppedCredentials = report.dropped
        userInfoPastAuthority = report.userInfoPastAuthority
    }

    /// The warnings `resolve()` gives about credentials removed while this input was built (user
    /// info removed past the authority, RulerConfig credential fields dropped). They belong to
    /// the input as submitted: a copy read back from the stored envelope no longer holds those
    /// credentials, so it resolves without these warnings.
    public var credentialWarnings: [FieldIssue] {
        droppedCredentials.map { FieldIssue(pointer: $0.pointer, message: CredentialScrub.droppedMessage) }
            + userInfoPastAuthority.map {
                FieldIssue(pointer: $0.pointer, message: CredentialScrub.userInfoPastAuthorityMessage)
            }
    }

    public static func == (a: PolicyInput, b: PolicyInput) -> Bool {
        a.lokistack == b.lokistack && a.rulerConfig == b.rulerConfig && a.objectStorage == b.objectStorage
            && a.cluster == b.cluster && a.supplementary == b.supplementary
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(lokistack)
        hasher.combine(rulerConfig)
        hasher.combine(objectStorage)
        hasher.combine(cluster)
        hasher.combine(supplementary)
    }

    /// The envelope `{lokistack, rulerConfig?, objectStorage?, cluster?, supplementary?}`: what is stored.
    /// Store `envelope.canonicalJSONBytes()` for stable bytes.
    public var envelope: JSONValue {
        var object = JSONObject()
        object["lokistack"] = lokistack
        object["rulerConfig"] = rulerConfig
        object["objectStorage"] = objectStorage
        object["cluster"] = cluster
        object["supplementary"] = supplementary
        return .object(object)
    }

    /// Decodes an envelope previously produced by `envelope` (a stored input).
    ///
    /// Applies the envelope rules of `decode` (known members only, `lokistack` required, known
    /// `objectStorage` members only) but does not validate the content: call `resolve()` for that,
    /// which does not apply the list limits of `InputLimits` to a stored input.
    public init(envelope: JSONValue) throws(InputError) {
        var log = IssueLog()
        guard case .object(let object) = envelope else {
            throw InputError([FieldIssue(pointer: "", message: "must be an envelope object {lokistack, …}")], kind: .invalid)
        }
        var input = InputDecoder.envelope(object, log: &log)
        if log.hasErrors {
            throw log.inputError(order: DocumentOrder(envelope: input.envelope, sources: input.sourceOrder))
        }
        input.checksListLimits = false
        self = input
    }

    /// Decodes any of the three input forms (spec §1, api.md "Input forms"):
    /// an envelope (JSON or YAML) with a top-level `lokistack`; a bare LokiStack manifest; or a
    /// YAML stream of manifests (LokiStack, RulerConfig, the storage Secret, Service, EndpointSlices,
    /// and supplementary NetworkPolicies, one by one or in a `List`).
    ///
    /// A Secret is reduced at once to its endpoint facts; `user:password@` is removed from URLs;
    /// the RulerConfig's credential fields are dropped (each one a warning of `resolve()`).
    /// Documents may nest at most 61 levels, so that the envelope built from them stays within
    /// the 64 levels `JSONValue.parseJSON` reads back.
    /// The decoded documents may hold at most `InputLimits.maxDecodedBytes` (YAML aliases counted
    /// at each use); past it the error is `.tooLarge`, at the pointer of the value being decoded.
    /// Errors: `.unparseable` for unreadable text; `.invalid` for a document of the wrong shape
    /// (with every validation error of the rest of the input, in document order). Content is
    /// validated by `resolve()`.
    public static func decode(_ bytes: some Collection<UInt8>, format: InputFormat) throws(InputError) -> PolicyInput {
        let documents: [JSONValue]
        switch format {
        case .json:
            documents =
                try JSONValue.parseJSONDocument(bytes, maxDepth: InputLimits.maxDocumentDepth, budget: DecodedSizeBudget())
                .map { [$0] } ?? []
        case .yaml:
            documents = try JSONValue.parseYAMLStream(
                bytes, maxDepth: InputLimits.maxDocumentDepth, maxDocuments: InputLimits.maxStreamDocuments)
        }
        return try InputDecoder.decode(documents)
    }

    /// The input with explicit per-call cluster values merged into `cluster` (they win over the
    /// envelope's values, field by field). The merged input is what is stored; the values it
    /// replaced are still validated by `resolve()`.
    public func applying(_ overrides: ClusterOverrides) -> PolicyInput {
        var copy = self
        copy.cluster = overrides.merged(into: cluster)
        if copy.cluster != cluster { copy.clusterAsGiven = clusterAsGiven ?? cluster }
        return copy
    }

    /// Fills a missing `metadata.namespace`/`metadata.name` from the API path; a different value is
    /// an error at `/lokistack/metadata/name` or `/lokistack/metadata/namespace` (HTTP 422).
    public func identified(namespace: String, name: String) throws(InputError) -> PolicyInput {
        var log = IssueLog()
        let base = FieldPath("lokistack")
        guard case .object(var stack) = lokistack else {
            log.error(base, "must be a LokiStack manifest (an object)")
            throw log.inputError(order: DocumentOrder(envelope: envelope, sources: sourceOrder))
        }
        var metadata = JSONObject()
        switch stack["metadata"] {
        case nil, .null?: break
        case .object(let m)?: metadata = m
        default:
            log.error(base.key("metadata"), "must be an object")
            throw log.inputError(order: DocumentOrder(envelope: envelope, sources: sourceOrder))
        }
        for (key, wanted) in [("name", name), ("namespace", namespace)] {
            let path = base.key("metadata").key(key)
            switch metadata[key] {
            case nil, .null?: metadata[key] = .string(wanted)
            case .string(let given)? where given == wanted: break
            case .string(let given)?:
                log.error(path, "is \(IssueLog.quoted(given)), but the request path says \(IssueLog.quoted(wanted))")
            case let other?:
                log.error(path, "must be a string, not \(IssueLog.describe(other))")
            }
        }
        if log.hasErrors { throw log.inputError(order: DocumentOrder(envelope: envelope, sources: sourceOrder)) }
        stack["metadata"] = .object(metadata)
        var copy = self
        copy.lokistack = .object(stack)
        return copy
    }

    /// Validates everything (every error, in input document order) and resolves the cluster
    /// context, enablement and ports into `RenderOptions` (spec §1, §2, §5, §6).
    public func resolve() throws(InputError) -> RenderOptions {
        try InputResolver.resolve(self)
    }
}
