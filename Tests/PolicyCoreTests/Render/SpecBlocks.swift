@testable import PolicyCore

/// The building blocks of `network-policies.md` §3, written out by hand from the spec
/// text for the tests' expectations (deliberately not taken from `Selectors`).
enum Spec {
    static let components = [
        "distributor", "ingester", "query-frontend", "querier", "ruler", "index-gateway", "compactor",
    ]

    /// `L(name)`.
    static func labels(_ name: String) -> LabelMap {
        LabelMap([
            ("app.kubernetes.io/created-by", "lokistack-controller"),
            ("app.kubernetes.io/instance", name),
            ("app.kubernetes.io/managed-by", "lokistack-controller"),
            ("app.kubernetes.io/name", "lokistack"),
        ])
    }

    /// `COMPONENTS(c1..cn)`.
    static func componentsSelector(_ names: [String]) -> LabelSelector {
        LabelSelector(matchExpressions: [
            LabelSelectorRequirement(key: "app.kubernetes.io/name", operator: .in, values: ["lokistack"]),
            LabelSelectorRequirement(key: "app.kubernetes.io/component", operator: .in, values: names),
        ])
    }

    static let allLoki = componentsSelector(components)

    static let gateway = LabelSelector(
        matchLabels: LabelMap([
            ("app.kubernetes.io/component", "lokistack-gateway"), ("app.kubernetes.io/name", "lokistack"),
        ]))

    /// `NS(ns)`.
    static func ns(_ name: String) -> LabelSelector {
        LabelSelector(matchLabels: LabelMap([("kubernetes.io/metadata.name", name)]))
    }

    static func lokiPeer(_ namespace: String) -> NetworkPolicyPeer {
        NetworkPolicyPeer(podSelector: allLoki, namespaceSelector: ns(namespace))
    }

    static let ocpPrometheus = NetworkPolicyPeer(
        podSelector: LabelSelector(matchLabels: LabelMap([("app.kubernetes.io/name", "prometheus")])),
        namespaceSelector: LabelSelector(
            matchLabels: LabelMap([("kubernetes.io/metadata.name", "openshift-monitoring")])))

    /// `PROMETHEUS` on kubernetes without a configured peer: any namespace.
    static let anyNamespace = NetworkPolicyPeer(namespaceSelector: LabelSelector())

    static let dnsK8s = NetworkPolicyEgressRule(
        to: [
            NetworkPolicyPeer(
                podSelector: LabelSelector(matchExpressions: [
                    LabelSelectorRequirement(key: "k8s-app", operator: .in, values: ["kube-dns", "coredns"])
                ]),
                namespaceSelector: LabelSelector(
                    matchLabels: LabelMap([("kubernetes.io/metadata.name", "kube-system")])))
        ],
        ports: [
            NetworkPolicyPort(.tcp, port: .number(53)), NetworkPolicyPort(.udp, port: .number(53)),
        ])

    static let dnsOCP = NetworkPolicyEgressRule(
        to: [
            NetworkPolicyPeer(
                podSelector: LabelSelector(
                    matchLabels: LabelMap([("dns.operator.openshift.io/daemonset-dns", "default")])),
                namespaceSelector: LabelSelector(
                    matchLabels: LabelMap([("kubernetes.io/metadata.name", "openshift-dns")])))
        ],
        ports: [
            NetworkPolicyPort(.tcp, port: .number(5353)), NetworkPolicyPort(.udp, port: .number(5353)),
        ])

    static func dns(_ platform: Platform) -> [NetworkPolicyEgressRule] {
        platform == .openshift ? [dnsK8s, dnsOCP] : [dnsK8s]
    }

    static func tcp(_ ports: Int...) -> [NetworkPolicyPort] {
        ports.map { NetworkPolicyPort(.tcp, port: .number($0)) }
    }

    static let lokiPorts = tcp(3100, 3101, 9095, 7946)

    /// `matchLabels {app.kubernetes.io/name: lokistack, app.kubernetes.io/component: c}`.
    static func component(_ name: String) -> LabelSelector {
        LabelSelector(
            matchLabels: LabelMap([("app.kubernetes.io/component", name), ("app.kubernetes.io/name", "lokistack")]))
    }

    static func alertmanager(_ namespace: String) -> NetworkPolicyPeer {
        NetworkPolicyPeer(
            podSelector: LabelSelector(matchLabels: LabelMap([("app.kubernetes.io/name", "alertmanager")])),
            namespaceSelector: LabelSelector(matchLabels: LabelMap([("kubernetes.io/metadata.name", namespace)])))
    }

    /// A policy with the common metadata.
    static func policy(
        _ stack: String, _ namespace: String, _ suffix: String, _ spec: NetworkPolicySpec
    ) -> NetworkPolicy {
        NetworkPolicy(name: "\(stack)-\(suffix)", namespace: namespace, labels: labels(stack), spec: spec)
    }
}

/// Resolved options for tests, with defaults of a plain enabled Kubernetes stack.
func makeOptions(
    name: String = "lokistack", namespace: String = "logging", platform: Platform = .kubernetes,
    enablement: Enablement = .enabledExplicitly, tenantsMode: TenantsMode? = nil, gateway: Bool = true,
    serviceMonitors: Bool = true, ruler: Bool = false, clusterMonitoring: Bool = false,
    userWorkload: Bool = false, alertmanagerPorts: [Int] = [], objectStoragePorts: [Int] = [443],
    prometheus: NetworkPolicyPeer? = nil, warnings: [FieldIssue] = []
) -> RenderOptions {
    RenderOptions(
        name: name, namespace: namespace, platform: platform, enablement: enablement, tenantsMode: tenantsMode,
        gateway: gateway, serviceMonitors: serviceMonitors, rulerEnabled: ruler,
        clusterMonitoringAlertmanager: clusterMonitoring, userWorkloadAlertmanager: userWorkload,
        alertmanagerPorts: alertmanagerPorts, objectStoragePorts: objectStoragePorts,
        prometheus: prometheus ?? (platform == .openshift ? Spec.ocpPrometheus : Spec.anyNamespace),
        warnings: warnings)
}
