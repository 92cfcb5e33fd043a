import PolicyCore

extension BenchCases {
    /// The typical stack's policies, built once.
    private static let typicalPolicies = PolicyGenerator.policies(TypicalStack.options)

    /// Pre-built policies → canonical List JSON (the encoder alone).
    static let encodeJSON = BenchCase(
        name: "encode.json", summary: "[NetworkPolicy] → canonical List JSON"
    ) { iterations in
        var sum = 0
        for _ in 0..<iterations { sum &+= PolicyEncoding.canonicalListJSON(typicalPolicies).count }
        return sum
    }

    /// Pre-built policies → YAML stream (the encoder alone).
    static let encodeYAML = BenchCase(
        name: "encode.yaml", summary: "[NetworkPolicy] → YAML stream"
    ) { iterations in
        var sum = 0
        for _ in 0..<iterations { sum &+= PolicyEncoding.yaml(typicalPolicies).count }
        return sum
    }

    /// SHA-256 of the typical canonical List JSON (the digest alone).
    static let digestOnly = BenchCase(
        name: "digest.sha256", summary: "sha256 of the canonical List JSON (libcrypto)"
    ) { iterations in
        let list = PolicyEncoding.canonicalListJSON(typicalPolicies)
        var sum = 0
        for _ in 0..<iterations { sum &+= SHA256Digest.hex(list).utf8.count }
        return sum
    }
}
