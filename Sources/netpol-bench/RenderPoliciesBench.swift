import PolicyCore

extension BenchCases {
    /// Resolved options → typed policies.
    static let renderPolicies = BenchCase(
        name: "render.policies", summary: "RenderOptions → [NetworkPolicy]"
    ) { PolicyGenerator.policies(TypicalStack.options).count }
}
