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
        textDiff,
        flowMatrix,
    ]
}
