import PolicyCore

extension BenchCases {
    /// Resolved options → RenderResult (policies, canonical List JSON, its SHA-256 digest).
    static let renderJSONDigest = BenchCase(
        name: "render+digest", summary: "RenderOptions → policies + canonical JSON + sha256"
    ) {
        let result = PolicyGenerator.render(TypicalStack.options)
        return result.canonicalListJSON.count &+ result.digest.utf8.count
    }
}
