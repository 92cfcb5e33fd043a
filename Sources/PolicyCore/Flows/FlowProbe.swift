/// One connection the flow matrix probes, with the evaluator's verdict: the evidence
/// behind a cell, and what external analyzers are cross-checked against.
public struct FlowProbe: Sendable, Hashable {
    public var direction: FlowDirection
    /// The row.
    public var component: FlowComponent
    /// The class's JSON key (`gateway`, `objectStorage`, …).
    public var flowClass: String
    public var source: ClusterEndpoint
    public var destination: ClusterEndpoint
    public var port: FlowPort
    public var allowed: Bool

    /// A probe and its verdict.
    public init(
        direction: FlowDirection, component: FlowComponent, flowClass: String, source: ClusterEndpoint,
        destination: ClusterEndpoint, port: FlowPort, allowed: Bool
    ) {
        self.direction = direction
        self.component = component
        self.flowClass = flowClass
        self.source = source
        self.destination = destination
        self.port = port
        self.allowed = allowed
    }
}

extension FlowProbe {
    /// A JSON array, one object per probe, keys sorted:
    /// `{"allowed":true,"class":"gateway","component":"distributor","direction":"ingress",
    /// "from":"loki/lokistack-dev-lokistack-gateway","port":3100,"protocol":"TCP","to":"loki/lokistack-dev-distributor"}`
    /// (a pod as `namespace/name`, an outside address as its IP text).
    public static func json(_ probes: [FlowProbe]) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: probes.count * 200 + 4)
        writer.raw("[")
        for (i, probe) in probes.enumerated() {
            if i > 0 { writer.raw(",\n") }
            writer.raw("{\"allowed\":")
            writer.bool(probe.allowed)
            writer.raw(",\"class\":")
            writer.string(probe.flowClass)
            writer.raw(",\"component\":")
            writer.string(probe.component.rawValue)
            writer.raw(",\"direction\":")
            writer.string(probe.direction.rawValue)
            writer.raw(",\"from\":")
            writer.string(probe.source.reference)
            writer.raw(",\"port\":")
            writer.int(probe.port.port)
            writer.raw(",\"protocol\":")
            writer.string(probe.port.protocol.rawValue)
            writer.raw(",\"to\":")
            writer.string(probe.destination.reference)
            writer.raw("}")
        }
        writer.raw("]\n")
        return writer.finish()
    }
}

extension ClusterEndpoint {
    /// `namespace/name` for a pod, the address text for an outside address.
    public var reference: String {
        switch self {
        case .pod(let pod): "\(pod.namespace)/\(pod.name)"
        case .outside(let address): address.description
        }
    }
}
