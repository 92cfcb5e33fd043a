/// The fixed port numbers of spec §3 (all TCP unless stated).
enum Ports {
    /// Loki HTTP.
    static let lokiHTTP = 3100
    /// Loki internal HTTP.
    static let lokiInternalHTTP = 3101
    /// Loki gRPC.
    static let grpc = 9095
    /// Loki memberlist gossip.
    static let gossip = 7946
    /// Gateway public HTTP.
    static let gatewayHTTP = 8080
    /// Gateway metrics.
    static let gatewayMetrics = 8081
    /// Gateway OPA sidecar metrics.
    static let gatewayOPAMetrics = 8083
    /// Kubernetes API server.
    static let apiServer = 6443
    /// OpenShift monitoring Alertmanager (`web` port behind kube-rbac-proxy).
    static let openShiftAlertmanager = 9095
    /// Cluster DNS on Kubernetes (TCP and UDP).
    static let dns = 53
    /// OpenShift DNS pods (TCP and UDP).
    static let openShiftDNS = 5353
}
