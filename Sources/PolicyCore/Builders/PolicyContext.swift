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
    /// `LOKI_PEER`: any Loki component pod in the stack's namespace.
    let lokiPeer: NetworkPolicyPeer
    /// `DNS` for the platform.
    let dns: [NetworkPolicyEgressRule]

    init(_ options: RenderOptions) {
        self.options = options
        labels = Selectors.commonLabels(options.name)
        ownNamespace = Selectors.namespace(options.namespace)
        lokiPeer = NetworkPolicyPeer(podSelector: Selectors.allLoki, namespaceSelector: ownNamespace)
        dns = Selectors.dns(options.platform)
    }

    /// A policy named `<name>-<suffix>` in the stack's namespace with the common labels.
    func policy(_ suffix: String, _ spec: NetworkPolicySpec) -> NetworkPolicy {
        NetworkPolicy(name: "\(options.name)-\(suffix)", namespace: options.namespace, labels: labels, spec: spec)
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
