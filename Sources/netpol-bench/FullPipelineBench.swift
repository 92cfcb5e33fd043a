import PolicyCore

extension BenchCases {
    /// JSON envelope text → decode → validate → render → YAML: a `render -o yaml` request.
    static let fullPipelineYAML = BenchCase(
        name: "pipeline.json→yaml", summary: "JSON envelope → decode → validate → render (digest) → YAML"
    ) {
        do {
            let options = try PolicyInput.decode(TypicalStack.envelopeJSON, format: .json).resolve()
            let result = PolicyGenerator.render(options)
            return PolicyEncoding.yaml(result.policies).count &+ result.digest.utf8.count
        } catch {
            return -1
        }
    }
}
