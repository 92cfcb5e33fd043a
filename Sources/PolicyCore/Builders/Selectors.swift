/// The shared selectors, peers, rules and port lists of spec §3.
///
/// Constant ones are built once (`static let`) and shared by every render; those that
/// depend on the stack (labels, namespace) are built once per render by `PolicyContext`.
enum Selectors {
    /// The seven Loki component names of `ALL_LOKI`, in spec order.
    static let lokiComponents = [
        "distributor", "ingester", "query-frontend", "querier", "ruler", "index-gateway", "compactor",
    ]

    /// `ALL_LOKI`: every Loki component pod (not the gateway).
    static let allLoki = components(lokiComponents)

    /// `GATEWAY`: the lokistack-gateway pods.
    static let gateway = LabelSelector(matchLabels: [
        "app.kubernetes.io/name": "lokistack", "app.kubernetes.io/component": "lokistack-gateway",
    ])

    /// `COMPONENTS(ingester, querier, index-gateway, compactor, ruler)`: pods that use object storage.
    static let objectStorageComponents = components([
        "ingester", "querier", "index-gateway", "compactor", "ruler",
    ])

    /// `COMPONENTS(distributor, query-frontend, ruler)`: the gateway's upstreams.
    static let gatewayUpstreamComponents = components(["distributor", "query-frontend", "ruler"])

    /// The ruler pods by `matchLabels` (policy 8; no instance label, as the operator writes it).
    static let ruler = component("ruler")

    /// The query-frontend pods by `matchLabels` (policy 9).
    static let queryFrontend = component("query-frontend")

    /// `COMPONENTS(c1..cn)`: Loki pods whose component is one of `names`, in the order given.
    static func components(_ names: [String]) -> LabelSelector {
        LabelSelector(matchExpressions: [
            LabelSelectorRequirement(key: "app.kubernetes.io/name", operator: .in, values: ["lokistack"]),
            LabelSelectorRequirement(key: "app.kubernetes.io/component", operator: .in, values: names),
        ])
    }

    /// `matchLabels {app.kubernetes.io/name: lokistack, app.kubernetes.io/component: <name>}`.
    static func component(_ name: String) -> LabelSelector {
        LabelSelector(matchLabels: ["app.kubernetes.io/name": "lokistack", "app.kubernetes.io/component": name])
    }

    /// `NS(ns)`: the namespace named `ns`, by its `kubernetes.io/metadata.name` label.
    static func namespace(_ name: String) -> LabelSelector {
        LabelSelector(matchLabels: LabelMap(sortedUniqueEntries: [("kubernetes.io/metadata.name", name)]))
    }

    /// `L(name)`: the common labels of every generated policy (keys in sorted order).
    static func commonLabels(_ name: String) -> LabelMap {
        LabelMap(sortedUniqueEntries: [
            ("app.kubernetes.io/created-by", "lokistack-controller"),
            ("app.kubernetes.io/instance", name),
            ("app.kubernetes.io/managed-by", "lokistack-controller"),
            ("app.kubernetes.io/name", "lokistack"),
        ])
    }

    /// `OCP_PROMETHEUS`: the OpenShift cluster-monitoring Prometheus pods.
    static let openShiftPrometheus = NetworkPolicyPeer(
        podSelector: LabelSelector(matchLabels: ["app.kubernetes.io/name": "prometheus"]),
        namespaceSelector: namespace("openshift-monitoring"))

    /// The OpenShift cluster-monitoring Alertmanager pods (policy 8).
    static let clusterMonitoringAlertmanager = alertmanager(namespace: "openshift-monitoring")

    /// The OpenShift user-workload-monitoring Alertmanager pods (policy 8).
    static let userWorkloadAlertmanager = alertmanager(namespace: "openshift-user-workload-monitoring")

    /// `DNS_K8S`: kube-dns / CoreDNS in kube-system on 53 TCP and UDP.
    static let kubernetesDNS = NetworkPolicyEgressRule(
        to: [
            NetworkPolicyPeer(
                podSelector: LabelSelector(matchExpressions: [
                    LabelSelectorRequirement(key: "k8s-app", operator: .in, values: ["kube-dns", "coredns"])
                ]),
                namespaceSelector: namespace("kube-system"))
        ],
        ports: [.tcp(Ports.dns), .udp(Ports.dns)])

    /// `DNS_OCP`: the OpenShift DNS daemonset in openshift-dns on 5353 TCP and UDP.
    static let openShiftDNS = NetworkPolicyEgressRule(
        to: [
            NetworkPolicyPeer(
                podSelector: LabelSelector(matchLabels: ["dns.operator.openshift.io/daemonset-dns": "default"]),
                namespaceSelector: namespace("openshift-dns"))
        ],
        ports: [.tcp(Ports.openShiftDNS), .udp(Ports.openShiftDNS)])

    /// `DNS`: `[DNS_K8S]` on kubernetes, `[DNS_K8S, DNS_OCP]` on openshift (D2).
    static func dns(_ platform: Platform) -> [NetworkPolicyEgressRule] {
        switch platform {
        case .kubernetes: kubernetesDNSRules
        case .openshift: openShiftDNSRules
        }
    }

    /// `LOKI_PORTS`: 3100, 3101, 9095, 7946 (TCP), in that order.
    static let lokiPorts: [NetworkPolicyPort] = [
        .tcp(Ports.lokiHTTP), .tcp(Ports.lokiInternalHTTP), .tcp(Ports.grpc), .tcp(Ports.gossip),
    ]

    /// policyTypes lists as the policies write them.
    static let ingressAndEgress: [PolicyType] = [.ingress, .egress]
    static let egressAndIngress: [PolicyType] = [.egress, .ingress]
    static let ingressOnly: [PolicyType] = [.ingress]
    static let egressOnly: [PolicyType] = [.egress]

    /// Single-port lists used by several policies.
    static let lokiHTTPPort: [NetworkPolicyPort] = [.tcp(Ports.lokiHTTP)]
    static let apiServerRule = NetworkPolicyEgressRule(ports: [.tcp(Ports.apiServer)])
    static let gatewayClientsRule = NetworkPolicyIngressRule(ports: [.tcp(Ports.gatewayHTTP)])
    static let gatewayMetricsPorts: [NetworkPolicyPort] = [.tcp(Ports.gatewayMetrics), .tcp(Ports.gatewayOPAMetrics)]
    static let queryFrontendClientsRule = NetworkPolicyIngressRule(ports: [.tcp(Ports.lokiHTTP)])
    static let clusterMonitoringAlertmanagerRule = NetworkPolicyEgressRule(
        to: [clusterMonitoringAlertmanager], ports: [.tcp(Ports.openShiftAlertmanager)])
    static let userWorkloadAlertmanagerRule = NetworkPolicyEgressRule(
        to: [userWorkloadAlertmanager], ports: [.tcp(Ports.openShiftAlertmanager)])

    private static let kubernetesDNSRules = [kubernetesDNS]
    private static let openShiftDNSRules = [kubernetesDNS, openShiftDNS]

    private static func alertmanager(namespace name: String) -> NetworkPolicyPeer {
        NetworkPolicyPeer(
            podSelector: LabelSelector(matchLabels: ["app.kubernetes.io/name": "alertmanager"]),
            namespaceSelector: namespace(name))
    }
}

extension FragmentSeeds {
    /// The generator's static selectors, peer lists and port lists: encoded once per
    /// process into the encoders' fragment libraries.
    static let generator = FragmentSeeds(
        selectors: [
            Selectors.allLoki, Selectors.gateway, Selectors.objectStorageComponents,
            Selectors.gatewayUpstreamComponents, Selectors.ruler, Selectors.queryFrontend,
        ]
            + [Selectors.openShiftPrometheus, Selectors.clusterMonitoringAlertmanager, Selectors.userWorkloadAlertmanager]
            .flatMap { [$0.podSelector, $0.namespaceSelector].compactMap { $0 } },
        peerLists: [
            Selectors.kubernetesDNS.to, Selectors.openShiftDNS.to, Selectors.clusterMonitoringAlertmanagerRule.to,
            Selectors.userWorkloadAlertmanagerRule.to,
        ],
        portLists: [
            Selectors.kubernetesDNS.ports, Selectors.openShiftDNS.ports, Selectors.lokiPorts, Selectors.lokiHTTPPort,
            Selectors.apiServerRule.ports, Selectors.gatewayClientsRule.ports, Selectors.gatewayMetricsPorts,
            Selectors.queryFrontendClientsRule.ports,
            Selectors.clusterMonitoringAlertmanagerRule.ports, Selectors.userWorkloadAlertmanagerRule.ports,
        ])
}
