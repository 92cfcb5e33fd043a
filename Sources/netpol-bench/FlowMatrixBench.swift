import PolicyCore

extension BenchCases {
    /// The typical stack's policies evaluated over the §9 model (the policies rendered once, outside the loop).
    static let flowMatrix: BenchCase = {
        let policies = PolicyGenerator.policies(TypicalStack.options)
        return BenchCase(
            name: "flows.matrix", summary: "RenderOptions + policies → FlowMatrix (evaluator over the §9 model)"
        ) { FlowAnalysis.matrix(options: TypicalStack.options, policies: policies).egress[4].cells[3].count }
    }()
}
