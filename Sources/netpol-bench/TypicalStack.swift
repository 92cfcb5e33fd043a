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
}
