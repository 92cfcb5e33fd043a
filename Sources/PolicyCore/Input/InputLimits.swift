/// Every bound the input decoders and validators enforce, in one place (issue 8), so that no
/// input can exhaust the stack, memory or CPU, and so that documentation, the OpenAPI document
/// and other components can refer to the same numbers.
///
/// - Past `maxDecodedBytes`: `InputError.Kind.tooLarge` (HTTP 413), at the place decoding stopped.
/// - Past `maxDepth`: `.unparseable` (HTTP 400).
/// - Past a list limit: `.invalid` (HTTP 422) at the list's pointer, the message saying the limit.
///
/// The request body itself is bounded by the HTTP server (1 MiB, 413). List limits apply to new
/// input only: a stored input read back with `PolicyInput(envelope:)` is not held to them, so
/// revisions stored before the limits existed stay readable and diffable.
public enum InputLimits {
    /// Deepest nesting of arrays/objects accepted in one document (JSON and YAML alike).
    public static let maxDepth = 64
    /// Deepest nesting accepted in a document `PolicyInput.decode` reads: a manifest is placed up
    /// to three levels down in the envelope (`/objectStorage/endpointSlices/N`), and every stored
    /// envelope must read back within `maxDepth`.
    public static let maxDocumentDepth = maxDepth - 3

    /// The decoded-size budget, in bytes: the UTF-8 bytes of every mapping key and every scalar of
    /// the decoded documents (1 MiB), YAML aliases counted every time they are expanded. An empty
    /// scalar, key, list or map counts as one byte, so that empty values cannot multiply for free.
    /// Bounds unknown LokiStack fields too (they are kept and stored).
    public static let maxDecodedBytes = 1_048_576

    /// Label selectors (`cluster.prometheus` peer; supplementary policies' pod selectors and
    /// peer selectors): `matchLabels` entries.
    public static let maxSelectorMatchLabels = 64
    /// Label selectors: `matchExpressions` entries.
    public static let maxSelectorMatchExpressions = 32
    /// Label selectors: `values` of one match expression.
    public static let maxSelectorExpressionValues = 256

    /// RulerConfig `spec.alertmanager.endpoints`, and each tenant's `alertmanager.endpoints`.
    public static let maxAlertmanagerEndpoints = 64
    /// RulerConfig: Alertmanager endpoints in all, `spec.alertmanager.endpoints` and every
    /// tenant's together (each list counted up to `maxAlertmanagerEndpoints`), so that the flow
    /// matrix, which probes every distinct Alertmanager port, stays bounded. Past it: 422 at the
    /// list (in document order) that crosses it.
    public static let maxAlertmanagerEndpointsInAll = 256
    /// RulerConfig `spec.overrides`: tenants.
    public static let maxRulerOverrideTenants = 256

    /// `objectStorage.service` `spec.ports`.
    public static let maxServicePorts = 128
    /// `objectStorage.endpointSlices`.
    public static let maxEndpointSlices = 32
    /// `ports` of one EndpointSlice (Kubernetes' own EndpointSlice limit).
    public static let maxEndpointSlicePorts = 100

    /// Problems listed in one `InputError` (and so in one 422 response or CLI report): the first
    /// ones in input document order, then one issue saying how many more were found.
    public static let maxReportedIssues = 100

    /// Documents in one YAML stream. A stream holds at most one LokiStack, RulerConfig, Secret and
    /// Service and at most `maxEndpointSlices` EndpointSlices (plus headroom for supplementary
    /// documents); past this, the input is refused (422) before the rest is decoded.
    public static let maxStreamDocuments = 128

    /// Supplementary NetworkPolicies of one stack (`supplementary`).
    public static let maxSupplementaryPolicies = 32
    /// Rules of one direction (`spec.ingress`, `spec.egress`) of a supplementary policy.
    public static let maxSupplementaryRules = 64
    /// Peers (`from`, `to`) of one rule of a supplementary policy.
    public static let maxSupplementaryPeers = 64
    /// `ports` of one rule of a supplementary policy.
    public static let maxSupplementaryPorts = 64
    /// Peers and ports of all the rules of all the supplementary policies of one stack together
    /// (each list counted up to its own limit): what their decoding, lint and flow evaluation
    /// cost grows with. Past it: 422 at the list (in document order) that crosses it.
    public static let maxSupplementaryPeersAndPortsInAll = 8_192
    /// Live NetworkPolicies of one drift request (`…/drift`, `lokinetpol drift`).
    public static let maxLivePolicies = 512
}
