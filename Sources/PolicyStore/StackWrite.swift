/// One create-or-replace of a stack, as prepared by the service.
///
/// All byte fields are canonical JSON produced by the service; the store keeps
/// them verbatim and compares `inputsJSON` byte for byte.
public struct StackWrite: Sendable {
    /// Stack namespace (already validated by the caller).
    public var namespace: String
    /// Stack name (already validated by the caller).
    public var name: String
    /// The credential-free, canonical inputs envelope.
    public var inputsJSON: [UInt8]
    /// Digest of the generated policy set, e.g. `sha256:<hex>`; a revision is
    /// created only when it differs from the current revision's digest.
    public var digest: String
    /// The canonical Kubernetes `List` of the generated policies.
    public var policiesJSON: [UInt8]
    /// Whether network policies are enabled for the stack.
    public var enabled: Bool
    /// The enablement reason string (`network-policies.md` §2).
    public var reason: String
    /// The generator warnings, a canonical JSON array.
    public var warningsJSON: [UInt8]
    /// The generator version that produced the policies.
    public var generatorVersion: String
    /// Who makes the change (the token name, or `anonymous`).
    public var author: String
    /// Optimistic-concurrency condition on the stack's entity tag.
    public var precondition: WritePrecondition
    /// The change summary of the revision this write creates, computed by the caller
    /// (outside any transaction) against ``summaryBasis``.
    public var changeSummary: String
    /// The stack state ``changeSummary`` was computed against. When a revision would be
    /// created and the stack is no longer in that state, the store writes nothing and
    /// answers ``UpsertOutcome/summaryStale(_:)``.
    public var summaryBasis: SummaryBasis
    /// The number of the earlier revision whose inputs this write restores (`nil` for an
    /// ordinary write). Recorded with the new revision when the write creates one; it must
    /// name an existing revision of the same stack (the service reads that revision first).
    public var restoredFrom: Int? = nil

    /// Creates a write; see the properties for the meaning of each argument.
    public init(
        namespace: String, name: String, inputsJSON: [UInt8], digest: String,
        policiesJSON: [UInt8], enabled: Bool, reason: String, warningsJSON: [UInt8],
        generatorVersion: String, author: String, precondition: WritePrecondition = .none,
        changeSummary: String, summaryBasis: SummaryBasis
    ) {
        self.namespace = namespace
        self.name = name
        self.inputsJSON = inputsJSON
        self.digest = digest
        self.policiesJSON = policiesJSON
        self.enabled = enabled
        self.reason = reason
        self.warningsJSON = warningsJSON
        self.generatorVersion = generatorVersion
        self.author = author
        self.precondition = precondition
        self.changeSummary = changeSummary
        self.summaryBasis = summaryBasis
    }
}
