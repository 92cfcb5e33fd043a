/// The cluster model of spec §9 that the flow matrix evaluates policies over.
///
/// - Loki pods: one per `FlowComponent`, labels `L(name)` plus
///   `app.kubernetes.io/component`, in `namespace`; Loki components listen on
///   TCP 3100, 3101, 9095, 7946, the gateway on TCP 8080, 8081, 8083.
/// - External: the outside address 203.0.113.10, and a pod labelled `app: unrelated`
///   in namespace `other`.
/// - Monitoring: a pod labelled `app.kubernetes.io/name: prometheus` in
///   `openshift-monitoring` (openshift) or `monitoring` (kubernetes), whatever
///   `cluster.prometheus` says (a custom peer that misses it honestly shows ❌).
/// - DNS: a CoreDNS pod (`k8s-app: kube-dns` in `kube-system`, 53 TCP/UDP); on
///   openshift also the openshift-dns pod (5353 TCP/UDP).
/// - Object storage: the outside address 198.51.100.10 on OBJSTORE_PORTS (proxy included).
/// - Alertmanager: the outside address 198.51.100.20 on AM_PORTS when endpoints are
///   configured, and the OpenShift Alertmanager pods (`app.kubernetes.io/name:
///   alertmanager` in `openshift-monitoring` / `openshift-user-workload-monitoring`)
///   on 9095 where those rules apply.
/// - API server: the outside address 192.0.2.10 on 6443.
/// - Egress "external" probe: 203.0.113.10 on TCP 8443.
public struct FlowModel: Sendable, Hashable {
    /// The LokiStack's name (`app.kubernetes.io/instance` of its pods).
    public let name: String
    /// The LokiStack's namespace.
    public let namespace: String
    /// Decides the DNS pods and where the Prometheus pod runs.
    public let platform: Platform
    /// OBJSTORE_PORTS (§5), TCP.
    public let objectStoragePorts: [Int]
    /// AM_PORTS (§6), TCP; empty = no Alertmanager endpoint configured.
    public let alertmanagerPorts: [Int]
    /// The cluster-monitoring Alertmanager pod exists and is the ruler's target.
    public let clusterMonitoringAlertmanager: Bool
    /// The user-workload Alertmanager pod exists and is the ruler's target.
    public let userWorkloadAlertmanager: Bool

    /// Every pod of the model: the eight component pods (in `FlowComponent.allCases`
    /// order), the Prometheus pod, the unrelated pod, the DNS pods, then the OpenShift
    /// Alertmanager pods where they apply.
    public let pods: [ClusterPod]
    /// Every endpoint of the model: `pods`, then the outside addresses.
    let endpoints: [ClusterEndpoint]
    /// Per ingress class (in `IngressSource.allCases` order), the endpoints of the class;
    /// the `components` class lists all seven component pods (a row skips its own).
    let ingressClasses: [[Int]]
    /// Per egress class (in `EgressDestination.allCases` order), the endpoints of the class
    /// with the ports probed on each; `components` lists all seven (a row skips its own).
    let egressClasses: [[ProbeTarget]]

    /// An endpoint (index in `endpoints`) and the ports probed on it.
    struct ProbeTarget: Sendable, Hashable {
        let index: Int
        let ports: [FlowPort]
    }

    /// The outside address of the ingress `external` class and egress `external` probe.
    public static let externalAddress = IPAddress(family: .v4, high: 0, low: 0xCB00_710A)  // 203.0.113.10
    /// The object storage (and proxy) address.
    public static let objectStorageAddress = IPAddress(family: .v4, high: 0, low: 0xC633_640A)  // 198.51.100.10
    /// The address of the RulerConfig's Alertmanager endpoints.
    public static let alertmanagerAddress = IPAddress(family: .v4, high: 0, low: 0xC633_6414)  // 198.51.100.20
    /// The API server address.
    public static let apiServerAddress = IPAddress(family: .v4, high: 0, low: 0xC000_020A)  // 192.0.2.10
    /// The port of the egress `external` probe.
    public static let externalProbePort = 8443

    /// Listening ports of the seven Loki components (LOKI_PORTS).
    public static let lokiPorts: [Int] = [3100, 3101, 9095, 7946]
    /// Listening ports of the gateway (public, metrics, OPA metrics).
    public static let gatewayPorts: [Int] = [8080, 8081, 8083]

    /// The model for resolved render options.
    public init(options: RenderOptions) {
        self.init(
            name: options.name, namespace: options.namespace, platform: options.platform,
            objectStoragePorts: options.objectStoragePorts, alertmanagerPorts: options.alertmanagerPorts,
            clusterMonitoringAlertmanager: options.clusterMonitoringAlertmanager,
            userWorkloadAlertmanager: options.userWorkloadAlertmanager)
    }

    /// The model from explicit facts (e.g. read back from rendered policies, `inferred(from:)`).
    public init(
        name: String, namespace: String, platform: Platform, objectStoragePorts: [Int], alertmanagerPorts: [Int],
        clusterMonitoringAlertmanager: Bool, userWorkloadAlertmanager: Bool
    ) {
        self.name = name
        self.namespace = namespace
        self.platform = platform
        self.objectStoragePorts = objectStoragePorts
        self.alertmanagerPorts = alertmanagerPorts
        self.clusterMonitoringAlertmanager = clusterMonitoringAlertmanager
        self.userWorkloadAlertmanager = userWorkloadAlertmanager
        var pods = FlowComponent.allCases.map { component in
            ClusterPod(
                name: "\(name)-\(component.componentLabel)", namespace: namespace,
                labels: LabelMap([
                    ("app.kubernetes.io/name", "lokistack"), ("app.kubernetes.io/instance", name),
                    ("app.kubernetes.io/managed-by", "lokistack-controller"),
                    ("app.kubernetes.io/created-by", "lokistack-controller"),
                    ("app.kubernetes.io/component", component.componentLabel),
                ]),
                ports: (component == .gateway ? FlowModel.gatewayPorts : FlowModel.lokiPorts).map { PodPort(.tcp, $0) })
        }
        pods.append(
            ClusterPod(
                name: "prometheus-k8s-0", namespace: platform == .openshift ? "openshift-monitoring" : "monitoring",
                labels: ["app.kubernetes.io/name": "prometheus"], ports: [PodPort(.tcp, 9090, name: "web")]))
        pods.append(
            ClusterPod(name: "unrelated", namespace: "other", labels: ["app": "unrelated"], ports: [PodPort(.tcp, 8080)]))
        pods.append(
            ClusterPod(
                name: "coredns", namespace: "kube-system", labels: ["k8s-app": "kube-dns"],
                ports: [PodPort(.tcp, 53, name: "dns-tcp"), PodPort(.udp, 53, name: "dns")]))
        if platform == .openshift {
            pods.append(
                ClusterPod(
                    name: "dns-default", namespace: "openshift-dns",
                    labels: ["dns.operator.openshift.io/daemonset-dns": "default"],
                    ports: [PodPort(.tcp, 5353, name: "dns-tcp"), PodPort(.udp, 5353, name: "dns")]))
        }
        for (applies, amNamespace) in [
            (clusterMonitoringAlertmanager, "openshift-monitoring"),
            (userWorkloadAlertmanager, "openshift-user-workload-monitoring"),
        ] where applies {
            pods.append(
                ClusterPod(
                    name: "alertmanager-0", namespace: amNamespace, labels: ["app.kubernetes.io/name": "alertmanager"],
                    ports: [PodPort(.tcp, 9095, name: "tenancy")]))
        }
        self.pods = pods
        let outside = [
            FlowModel.externalAddress, FlowModel.objectStorageAddress, FlowModel.alertmanagerAddress,
            FlowModel.apiServerAddress,
        ]
        endpoints = pods.map { .pod($0) } + outside.map { .outside($0) }

        // Endpoint indices: component pods 0..<8 (FlowComponent order), Prometheus 8,
        // unrelated 9, DNS pods from 10, then the Alertmanager pods; outside addresses after the pods.
        let components = FlowComponent.allCases.indices.filter { FlowComponent.allCases[$0] != .gateway }
        let gateway = FlowComponent.allCases.firstIndex(of: .gateway) ?? 0
        let prometheus = FlowComponent.allCases.count
        let dns = prometheus + 2
        let dnsCount = platform == .openshift ? 2 : 1
        let alertmanagerPods = dns + dnsCount..<pods.count
        let (external, objectStorage, alertmanager, apiServer) = (pods.count, pods.count + 1, pods.count + 2, pods.count + 3)
        func listening(_ index: Int) -> ProbeTarget {
            ProbeTarget(index: index, ports: pods[index].ports.map { FlowPort($0.protocol, $0.port) })
        }
        ingressClasses = IngressSource.allCases.map { source in
            switch source {
            case .gateway: [gateway]
            case .components: components
            case .external: [external]
            case .monitoring: [prometheus]
            case .otherNamespace: [prometheus + 1]
            }
        }
        egressClasses = EgressDestination.allCases.map { destination in
            switch destination {
            case .components: components.map(listening)
            case .objectStorage: [ProbeTarget(index: objectStorage, ports: objectStoragePorts.map(FlowPort.tcp))]
            case .dns: (dns..<dns + dnsCount).map(listening)
            case .alertManager:
                (alertmanagerPorts.isEmpty ? [] : [ProbeTarget(index: alertmanager, ports: alertmanagerPorts.map(FlowPort.tcp))])
                    + alertmanagerPods.map(listening)
            case .apiServer: [ProbeTarget(index: apiServer, ports: [.tcp(6443)])]
            case .external: [ProbeTarget(index: external, ports: [.tcp(FlowModel.externalProbePort)])]
            }
        }
    }

    /// The listening ports of the pod at `index` in `endpoints`.
    func listeningPorts(_ index: Int) -> [FlowPort] {
        pods[index].ports.map { FlowPort($0.protocol, $0.port) }
    }
}
