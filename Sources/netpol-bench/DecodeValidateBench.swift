import PolicyCore

extension BenchCases {
    /// JSON envelope text → validated, resolved RenderOptions.
    static let decodeValidate = BenchCase(
        name: "input.decode+validate", summary: "JSON envelope → PolicyInput → RenderOptions"
    ) {
        do {
            return try PolicyInput.decode(TypicalStack.envelopeJSON, format: .json).resolve().objectStoragePorts.count
        } catch {
            return -1
        }
    }
}
