/// Every benchmark case, in report order. One file per case; to add one, add its file
/// (a `static let` on `BenchCases`) and list it here.
enum BenchCases {
    static let all: [BenchCase] = [
        decodeValidate,
        renderPolicies,
        renderJSON,
        renderJSONDigest,
        renderYAML,
        fullPipelineYAML,
        encodeJSON,
        encodeYAML,
        digestOnly,
        // Hook points for the analysis helper: add "diff.text" (text diff of two sets) and
        // "flows.matrix" (flow matrix) as DiffTextBench.swift / FlowMatrixBench.swift here.
    ]
}
