import PolicyCore

extension BenchCases {
    /// Resolved options → typed policies → kubectl YAML stream.
    static let renderYAML = BenchCase(
        name: "render.yaml", summary: "RenderOptions → policies + YAML stream"
    ) { PolicyEncoding.yaml(PolicyGenerator.policies(TypicalStack.options)).count }
}
