import PolicyCore

extension BenchCases {
    /// The typical stack's policies evaluated over the §9 model (the policies rendered once, outside the loop).
    static let flowMatrix = BenchCase(
        name: "flows.matrix", summary: "RenderOptions + policies → FlowMatrix (evaluator over the §9 model)"
    ) { iterations in
        let policies = PolicyGenerator.policies(TypicalStack.options)
        var sum = 0
        for _ in 0..<iterations {
            sum &+= FlowAnalysis.matrix(options: TypicalStack.options, policies: policies).egress[4].cells[3].count
        }
        return sum
    }
}
