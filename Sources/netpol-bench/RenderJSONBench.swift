import PolicyCore

extension BenchCases {
    /// Resolved options → typed policies → canonical List JSON, without the digest.
    static let renderJSON = BenchCase(
        name: "render.json", summary: "RenderOptions → policies + canonical List JSON (no digest)"
    ) { iterations in
        var sum = 0
        for _ in 0..<iterations {
            sum &+= PolicyEncoding.canonicalListJSON(PolicyGenerator.policies(TypicalStack.options)).count
        }
        return sum
    }
}
