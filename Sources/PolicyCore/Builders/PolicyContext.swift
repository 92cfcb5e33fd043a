/// What every builder needs for one render: the options and the stack-dependent shared
/// blocks of spec §3 (`L(name)`, `NS(namespace)`, `LOKI_PEER`, `DNS`), built once per
/// render and shared (copy-on-write) by the policies that use them.
struct PolicyContext {
    /// The resolved options.
    let options: RenderOptions
    /// `L(name)`.
    let labels: LabelMap
    /// `NS(namespace)`.
    let ownNamespace: LabelSelector
    /// `[LOKI_PEER]`: any Loki component pod in the stack's namespace (one shared list).
    let lokiPeers: [NetworkPolicyPeer]
    /// `[PROMETHEUS]` (one shared list).
    let prometheusPeers: [NetworkPolicyPeer]
    /// `DNS` for the platform.
    let dns: [NetworkPolicyEgressRule]

    init(_ options: RenderOptions) {
        self.options = options
        labels = Selectors.commonLabels(options.name)
        ownNamespace = Selectors.namespace(options.namespace)
        lokiPeers = [NetworkPolicyPeer(podSelector: Selectors.allLoki, namespaceSelector: ownNamespace)]
        prometheusPeers = [options.prometheus]
        dns = Selectors.dns(options.platform)
    }

    /// A policy named `<name>-<suffix>` in the stack's namespace with the common labels.
    func policy(_ suffix: String, _ spec: NetworkPolicySpec) -> NetworkPolicy {
        NetworkPolicy(
            name: PolicyContext.hyphenated(options.name, suffix), namespace: options.namespace, labels: labels,
            spec: spec)
    }

    /// `a-b`, built with one allocation (string interpolation costs several times more).
    static func hyphenated(_ a: String, _ b: String) -> String {
        var a = a
        var b = b
        return a.withUTF8 { head in
            b.withUTF8 { tail in
                String(unsafeUninitializedCapacity: head.count + 1 + tail.count) { out in
                    guard let base = out.baseAddress else { return 0 }
                    if let h = head.baseAddress { base.initialize(from: h, count: head.count) }
                    base[head.count] = UInt8(ascii: "-")
                    if let t = tail.baseAddress { (base + head.count + 1).initialize(from: t, count: tail.count) }
                    return head.count + 1 + tail.count
                }
            }
        }
    }
}

/// One of the nine policies of spec §4: its name suffix and the condition and shape of
/// its spec.
protocol PolicyBuilder: SendableMetatype {
    /// The policy name is `<stack name>-<suffix>`.
    static var suffix: String { get }
    /// The policy, or nil when it does not apply to this configuration.
    static func build(_ context: PolicyContext) -> NetworkPolicy?
}
