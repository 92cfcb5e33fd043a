import PolicyCore

extension BenchCases {
    /// Resolved options → typed policies → kubectl YAML stream.
    static let renderYAML = BenchCase(
        name: "render.yaml", summary: "RenderOptions → policies + YAML stream"
    ) { iterations in
        var sum = 0
        for _ in 0..<iterations {
            sum &+= PolicyEncoding.yaml(PolicyGenerator.policies(TypicalStack.options)).count
        }
        return sum
    }
}
