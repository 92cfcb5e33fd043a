import PolicyCore

extension BenchCases {
    /// Resolved options → typed policies → canonical List JSON, without the digest.
    static let renderJSON = BenchCase(
        name: "render.json", summary: "RenderOptions → policies + canonical List JSON (no digest)"
    ) { PolicyEncoding.canonicalListJSON(PolicyGenerator.policies(TypicalStack.options)).count }
}
