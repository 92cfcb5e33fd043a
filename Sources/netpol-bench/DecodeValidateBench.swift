import PolicyCore

extension BenchCases {
    /// JSON envelope text → validated, resolved RenderOptions.
    static let decodeValidate = BenchCase(
        name: "input.decode+validate", summary: "JSON envelope → PolicyInput → RenderOptions"
    ) { iterations in
        var sum = 0
        for _ in 0..<iterations {
            do {
                sum &+= try PolicyInput.decode(TypicalStack.envelopeJSON, format: .json).resolve().objectStoragePorts.count
            } catch {
                sum &-= 1
            }
        }
        return sum
    }
}
