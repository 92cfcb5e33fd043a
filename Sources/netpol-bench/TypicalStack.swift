import PolicyCore

/// The typical stack: OpenShift, gateway, ruler with two Alertmanager endpoints,
/// serviceMonitors, tenants mode openshift-logging, S3 on its default port.
enum TypicalStack {
    /// Its resolved options (what decode + validate produce from `envelopeJSON`).
    static let options = RenderOptions(
        name: "lokistack-prod", namespace: "openshift-logging", platform: .openshift,
        enablement: .enabledExplicitly, tenantsMode: .openshiftLogging, gateway: true, serviceMonitors: true,
        rulerEnabled: true, clusterMonitoringAlertmanager: true, userWorkloadAlertmanager: false,
        alertmanagerPorts: [9093, 9094], objectStoragePorts: [443],
        prometheus: NetworkPolicyPeer(
            podSelector: LabelSelector(matchLabels: ["app.kubernetes.io/name": "prometheus"]),
            namespaceSelector: LabelSelector(matchLabels: ["kubernetes.io/metadata.name": "openshift-monitoring"])),
        warnings: [])

    /// The same stack as a JSON envelope (what a portal POSTs).
    static let envelopeJSON: [UInt8] = Array(
        """
        {"lokistack":{"apiVersion":"loki.grafana.com/v1","kind":"LokiStack",\
        "metadata":{"name":"lokistack-prod","namespace":"openshift-logging"},\
        "spec":{"size":"1x.medium","storage":{"secret":{"name":"lokistack-s3","type":"s3"}},\
        "storageClassName":"gp3-csi","tenants":{"mode":"openshift-logging"},"rules":{"enabled":true}}},\
        "rulerConfig":{"apiVersion":"loki.grafana.com/v1","kind":"RulerConfig",\
        "metadata":{"name":"lokistack-prod-ruler","namespace":"openshift-logging"},\
        "spec":{"alertmanager":{"endpoints":["https://alertmanager-a.example.com:9093",\
        "https://alertmanager-b.example.com:9094"]}}},\
        "objectStorage":{"endpoint":"https://s3.us-east-2.amazonaws.com"},\
        "cluster":{"platform":"openshift","openshiftVersion":"4.20"}}
        """.utf8)
}
