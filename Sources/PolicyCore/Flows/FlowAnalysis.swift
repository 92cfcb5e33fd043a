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
        var ingress = FlowComponent.allCases.map { FlowRow<IngressSource>(component: $0) }
        var egress = FlowComponent.allCases.map { FlowRow<EgressDestination>(component: $0) }
        walk(model: model, policies: policies) { probe, _, allowed in
            guard !allowed.isEmpty else { return }
            switch probe.direction {
            case .ingress: ingress[probe.row].cells[probe.classPosition] += allowed
            case .egress: egress[probe.row].cells[probe.classPosition] += allowed
            }
        }
        for row in ingress.indices { ingress[row].cells = ingress[row].cells.map(normalized) }
        for row in egress.indices { egress[row].cells = egress[row].cells.map(normalized) }
        return FlowMatrix(enablement: enablement, ingress: ingress, egress: egress)
    }

    /// Every probed connection with its verdict, in matrix order (ingress rows, then
    /// egress rows; classes in column order; endpoints, then ports, in model order).
    /// The matrix is exactly the union of the allowed probes per cell.
    public static func probes(model: FlowModel, policies: [NetworkPolicy]) -> [FlowProbe] {
        var result: [FlowProbe] = []
        walk(model: model, policies: policies) { probe, candidates, allowed in
            for port in candidates {
                result.append(
                    FlowProbe(
                        direction: probe.direction, component: FlowComponent.allCases[probe.row],
                        flowClass: probe.flowClass, source: model.endpoints[probe.source],
                        destination: model.endpoints[probe.destination], port: port, allowed: allowed.contains(port)))
            }
        }
        return result
    }

    // MARK: Walking the model

    /// One (row, class, source, destination) pair being probed.
    private struct Pair {
        let direction: FlowDirection
        let row: Int
        let classPosition: Int
        let flowClass: String
        let source: Int
        let destination: Int
    }

    /// Calls `visit` with every probed pair, its candidate ports and the allowed subset.
    private static func walk(
        model: FlowModel, policies: [NetworkPolicy], visit: (Pair, [FlowPort], [FlowPort]) -> Void
    ) {
        let evaluator = PolicyEvaluator(policies: policies)
        let prepared = model.endpoints.map(evaluator.prepare)
        for (row, component) in FlowComponent.allCases.enumerated() {
            let own = model.index(of: component)
            let listening = model.listeningPorts(own)
            for (position, source) in IngressSource.allCases.enumerated() {
                for index in model.sources(source, of: component) {
                    let pair = Pair(
                        direction: .ingress, row: row, classPosition: position, flowClass: source.rawValue,
                        source: index, destination: own)
                    visit(pair, listening, evaluator.allowedPorts(from: prepared[index], to: prepared[own], among: listening))
                }
            }
        }
        for (row, component) in FlowComponent.allCases.enumerated() {
            let own = model.index(of: component)
            for (position, destination) in EgressDestination.allCases.enumerated() {
                for (index, ports) in model.destinations(destination, of: component) {
                    let pair = Pair(
                        direction: .egress, row: row, classPosition: position, flowClass: destination.rawValue,
                        source: own, destination: index)
                    visit(pair, ports, evaluator.allowedPorts(from: prepared[own], to: prepared[index], among: ports))
                }
            }
        }
    }

    /// Sorted by port then protocol, duplicates removed.
    private static func normalized(_ ports: [FlowPort]) -> [FlowPort] {
        var result: [FlowPort] = []
        result.reserveCapacity(ports.count)
        for port in ports.sorted() where result.last != port { result.append(port) }
        return result
    }
}
