/// The generator (spec §4): resolved options in, the NetworkPolicies out. Pure: no I/O,
/// no clock, no randomness; the same options give byte-identical results.
public enum PolicyGenerator {
    /// The policy name suffixes of spec §4, in output order (`<stack name>-<suffix>`).
    public static let policySuffixes: [String] = builders.map { $0.suffix }

    /// The policies, their canonical `List` JSON and its digest, with the enablement and
    /// the input warnings. Disabled: no policies, the digest of the empty List.
    public static func render(_ options: RenderOptions) -> RenderResult {
        let policies = policies(options)
        let list = PolicyEncoding.canonicalListJSON(policies)
        return RenderResult(
            enablement: options.enablement, policies: policies, warnings: options.warnings,
            digest: SHA256Digest.prefixedHex(list), canonicalListJSON: list)
    }

    /// Just the policies: the nine builders in spec order, each only where it applies, then
    /// the stack's supplementary policies (ordered by name); none when disabled.
    public static func policies(_ options: RenderOptions) -> [NetworkPolicy] {
        guard options.enablement.isEnabled else { return [] }
        return generated(options) + options.supplementary
    }

    /// The generated policies only (no supplementary ones), even when disabled.
    static func generated(_ options: RenderOptions) -> [NetworkPolicy] {
        let context = PolicyContext(options)
        var policies: [NetworkPolicy] = []
        policies.reserveCapacity(builders.count + options.supplementary.count)
        for builder in builders {
            if let policy = builder.build(context) { policies.append(policy) }
        }
        return policies
    }

    /// The names the generator can produce for a stack named `stackName`, whatever the configuration.
    public static func generatedNames(stackName: String) -> Set<String> {
        Set(policySuffixes.map { "\(stackName)-\($0)" })
    }

    /// The builders in spec §4 order.
    static let builders: [any PolicyBuilder.Type] = [
        DefaultDenyPolicy.self,
        LokiAllowPolicy.self,
        BucketEgressPolicy.self,
        GatewayIngressPolicy.self,
        GatewayAllowPolicy.self,
        LokiMetricsPolicy.self,
        GatewayMetricsPolicy.self,
        RulerAlertEgressPolicy.self,
        QueryFrontendPolicy.self,
    ]
}
