/// One end of a connection in a cluster model: a pod, or an address outside the cluster.
public enum ClusterEndpoint: Sendable, Hashable {
    /// A pod of the model.
    case pod(ClusterPod)
    /// An address outside the cluster (object storage, an API server, the internet).
    /// Only `ipBlock` peers can match it; no pod or namespace selector ever does.
    case outside(IPAddress)
}

/// A pod of a cluster model, with what NetworkPolicy evaluation reads of it.
public struct ClusterPod: Sendable, Hashable {
    /// Pod name (only for display; evaluation never reads it).
    public var name: String
    /// The pod's namespace: policies apply only to pods of their own namespace.
    public var namespace: String
    /// Labels of the pod's namespace (what `namespaceSelector` matches).
    public var namespaceLabels: LabelMap
    /// Labels of the pod (what `podSelector` matches).
    public var labels: LabelMap
    /// Container ports the pod listens on; named ports resolve against these.
    public var ports: [PodPort]

    /// A pod whose namespace carries `namespaceLabels`.
    public init(name: String, namespace: String, namespaceLabels: LabelMap, labels: LabelMap, ports: [PodPort]) {
        self.name = name
        self.namespace = namespace
        self.namespaceLabels = namespaceLabels
        self.labels = labels
        self.ports = ports
    }

    /// A pod in namespace `namespace` whose namespace carries only the label
    /// `kubernetes.io/metadata.name: <namespace>` (set by the API server on every namespace).
    public init(name: String, namespace: String, labels: LabelMap, ports: [PodPort]) {
        self.init(
            name: name, namespace: namespace,
            namespaceLabels: [ClusterPod.namespaceNameLabel: namespace], labels: labels, ports: ports)
    }

    /// The label the API server puts on every namespace: its name.
    public static let namespaceNameLabel = "kubernetes.io/metadata.name"
}

/// A container port: number, protocol and optional name (for named `NetworkPolicyPort`s).
public struct PodPort: Sendable, Hashable {
    /// The container port's `name`, nil when unnamed.
    public var name: String?
    public var `protocol`: PortProtocol
    public var port: Int

    /// A container port, TCP unless stated.
    public init(_ proto: PortProtocol = .tcp, _ port: Int, name: String? = nil) {
        self.protocol = proto
        self.port = port
        self.name = name
    }
}
