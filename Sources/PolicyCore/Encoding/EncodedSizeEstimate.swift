/// How many bytes an encoder expects to write for some policies, to reserve its buffer once:
/// a fixed part, a part per policy and a part per ingress or egress rule.
struct EncodedSizeEstimate {
    let base: Int
    let perPolicy: Int
    let perRule: Int

    /// The estimate for `policies`.
    func bytes(for policies: [NetworkPolicy]) -> Int {
        var size = base
        for i in policies.indices {
            size += perPolicy + perRule * (policies[i].spec.ingress.count + policies[i].spec.egress.count)
        }
        return size
    }
}
