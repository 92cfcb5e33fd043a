import PolicyCore

extension BenchCases {
    /// The typical stack's policies, built once.
    private static let typicalPolicies = PolicyGenerator.policies(TypicalStack.options)
    /// Their canonical List JSON, encoded once.
    private static let typicalList = PolicyEncoding.canonicalListJSON(typicalPolicies)

    /// Pre-built policies → canonical List JSON (the encoder alone).
    static let encodeJSON = BenchCase(name: "encode.json", summary: "[NetworkPolicy] → canonical List JSON") {
        PolicyEncoding.canonicalListJSON(typicalPolicies).count
    }

    /// Pre-built policies → YAML stream (the encoder alone).
    static let encodeYAML = BenchCase(name: "encode.yaml", summary: "[NetworkPolicy] → YAML stream") {
        PolicyEncoding.yaml(typicalPolicies).count
    }

    /// SHA-256 of the typical canonical List JSON (the digest alone).
    static let digestOnly = BenchCase(
        name: "digest.sha256", summary: "sha256 of the canonical List JSON (libcrypto)"
    ) { SHA256Digest.hex(typicalList).utf8.count }
}
