/// The generator's output for one input (spec §8).
public struct RenderResult: Sendable, Hashable {
    /// Whether policies are generated, with the §2 reason.
    public var enablement: Enablement
    /// The policies in spec §4 order; empty when disabled.
    public var policies: [NetworkPolicy]
    /// Warnings found while resolving the input (§5.1, §6), in input order.
    public var warnings: [FieldIssue]
    /// `sha256:<lowercase hex>` of `canonicalListJSON`.
    public var digest: String
    /// Canonical JSON (RFC 8785) of `{"apiVersion":"v1","items":[...],"kind":"List"}`.
    public var canonicalListJSON: [UInt8]

    public init(
        enablement: Enablement, policies: [NetworkPolicy], warnings: [FieldIssue], digest: String,
        canonicalListJSON: [UInt8]
    ) {
        self.enablement = enablement
        self.policies = policies
        self.warnings = warnings
        self.digest = digest
        self.canonicalListJSON = canonicalListJSON
    }

    /// Whether any policy is generated.
    public var enabled: Bool { enablement.isEnabled }
}
