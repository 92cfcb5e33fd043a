/// Computes the flow matrix (spec §9, §9.1) by evaluating policies over the §9 model.
///
/// Nothing is hard-coded per component: every cell is the set of probed ports on which
/// the `PolicyEvaluator` allows at least one endpoint of the class. With no policies
/// nothing is isolated, so every cell lists all of its class's ports.
public enum FlowAnalysis {
    /// The flow matrix of `policies` (as rendered from `options`) over the model of `options`.
    public static func matrix(options: RenderOptions, policies: [NetworkPolicy]) -> FlowMatrix {
        matrix(model: FlowModel(options: options), policies: policies, enablement: options.enablement)
    }

    /// The flow matrix of any `policies` over `model`; `enablement` is carried along for the encoders.
    public static func matrix(model: FlowModel, policies: [NetworkPolicy], enablement: Enablement) -> FlowMatrix {
        let evaluator = PolicyEvaluator(policies: policies)
        let prepared = model.endpoints.map(evaluator.prepare)
        var ingress: [FlowRow<IngressSource>] = []
        var egress: [FlowRow<EgressDestination>] = []
        ingress.reserveCapacity(FlowComponent.allCases.count)
        egress.reserveCapacity(FlowComponent.allCases.count)
        for component in FlowComponent.allCases {
            let own = model.index(of: component)
            let listening = model.listeningPorts(own)
            var ingressRow = FlowRow<IngressSource>(component: component)
            for source in IngressSource.allCases {
                var cell: [FlowPort] = []
                for index in model.sources(source, of: component) {
                    cell += evaluator.allowedPorts(from: prepared[index], to: prepared[own], among: listening)
                }
                ingressRow[source] = normalized(cell)
            }
            ingress.append(ingressRow)

            var egressRow = FlowRow<EgressDestination>(component: component)
            for destination in EgressDestination.allCases {
                var cell: [FlowPort] = []
                for (index, ports) in model.destinations(destination, of: component) {
                    cell += evaluator.allowedPorts(from: prepared[own], to: prepared[index], among: ports)
                }
                egressRow[destination] = normalized(cell)
            }
            egress.append(egressRow)
        }
        return FlowMatrix(enablement: enablement, ingress: ingress, egress: egress)
    }

    /// Sorted by port then protocol, duplicates removed.
    private static func normalized(_ ports: [FlowPort]) -> [FlowPort] {
        var result: [FlowPort] = []
        result.reserveCapacity(ports.count)
        for port in ports.sorted() where result.last != port { result.append(port) }
        return result
    }
}
