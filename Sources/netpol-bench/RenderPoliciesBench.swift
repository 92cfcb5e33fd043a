import PolicyCore

extension BenchCases {
    /// Resolved options → typed policies.
    static let renderPolicies = BenchCase(
        name: "render.policies", summary: "RenderOptions → [NetworkPolicy]"
    ) { iterations in
        var sum = 0
        for _ in 0..<iterations {
            sum &+= PolicyGenerator.policies(TypicalStack.options).count
        }
        return sum
    }
}
