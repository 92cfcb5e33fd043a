/// Identity of the generator, recorded with every revision.
public enum GeneratorInfo {
    /// The loki-netpol version.
    public static let version = "0.1.0"
    /// The revision of `network-policies.md` this generator implements.
    public static let specRevision = "network-policies.md 2025-10 (operator network policies, D1–D12)"
}
