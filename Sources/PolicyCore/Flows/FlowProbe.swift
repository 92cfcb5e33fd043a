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
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(probes.count * 200)
        for (i, probe) in probes.enumerated() {
            if i > 0 { out.append(contentsOf: ",\n".utf8) }
            out.append(contentsOf: #"{"allowed":"#.utf8)
            out.append(contentsOf: (probe.allowed ? "true" : "false").utf8)
            out.append(contentsOf: #","class":"#.utf8)
            JSONText.appendString(probe.flowClass, to: &out)
            out.append(contentsOf: #","component":"#.utf8)
            JSONText.appendString(probe.component.rawValue, to: &out)
            out.append(contentsOf: #","direction":"#.utf8)
            JSONText.appendString(probe.direction.rawValue, to: &out)
            out.append(contentsOf: #","from":"#.utf8)
            JSONText.appendString(probe.source.reference, to: &out)
            out.append(contentsOf: #","port":"#.utf8)
            out.append(contentsOf: String(probe.port.port).utf8)
            out.append(contentsOf: #","protocol":"#.utf8)
            JSONText.appendString(probe.port.protocol.rawValue, to: &out)
            out.append(contentsOf: #","to":"#.utf8)
            JSONText.appendString(probe.destination.reference, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]\n".utf8)
        return out
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
