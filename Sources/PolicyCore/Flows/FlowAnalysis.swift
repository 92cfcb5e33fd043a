/// Computes the flow matrix (spec §9, §9.1) by evaluating policies over the §9 model.
///
/// Nothing is hard-coded per component: every cell is the set of probed ports on which
/// the `PolicyEvaluator` allows at least one endpoint of the class. With no policies
/// nothing is isolated, so every cell lists all of its class's ports, except that a pod's
/// traffic to itself is never probed (the gateway row's `gateway` cell is always empty).
public enum FlowAnalysis {
    /// The flow matrix of `policies` (as rendered from `options`) over the model of `options`.
    /// Where the stack has supplementary policies (and policies are enabled), each port of a
    /// cell says which policies allow it (`FlowRow.by`, issue 12).
    public static func matrix(options: RenderOptions, policies: [NetworkPolicy]) -> FlowMatrix {
        let supplementary = options.enablement.isEnabled ? options.supplementary.map(\.name) : []
        return matrix(
            model: FlowModel(options: options), policies: policies, enablement: options.enablement,
            attributed: !supplementary.isEmpty, supplementary: supplementary)
    }

    /// The flow matrix of any `policies` over `model`; `enablement` is carried along for the encoders.
    /// `attributed`: fill `FlowRow.by` with the names of the policies allowing each port;
    /// `supplementary` names the policies whose cells the text tables mark with a footnote.
    public static func matrix(
        model: FlowModel, policies: [NetworkPolicy], enablement: Enablement, attributed: Bool = false,
        supplementary: [String] = []
    ) -> FlowMatrix {
        var ingress = FlowComponent.allCases.map { FlowRow<IngressSource>(component: $0) }
        var egress = FlowComponent.allCases.map { FlowRow<EgressDestination>(component: $0) }
        if attributed {
            for i in ingress.indices { ingress[i].by = Array(repeating: [], count: IngressSource.allCases.count) }
            for i in egress.indices { egress[i].by = Array(repeating: [], count: EgressDestination.allCases.count) }
        }
        // The walker visits cell by cell: collect a cell's ports, store them when it ends.
        var cell = Cell(direction: .ingress, row: 0, position: 0)
        var ports: [FlowPort] = []
        ports.reserveCapacity(32)
        var admitting: [FlowPort: Set<Int>] = [:]
        func store() {
            guard !ports.isEmpty else { return }
            let cellPorts = normalized(&ports)
            let names = attributed ? cellPorts.map { port in (admitting[port] ?? []).sorted().map { policies[$0].name } } : nil
            switch cell.direction {
            case .ingress:
                ingress[cell.row].cells[cell.position] = cellPorts
                if let names { ingress[cell.row].by?[cell.position] = names }
            case .egress:
                egress[cell.row].cells[cell.position] = cellPorts
                if let names { egress[cell.row].by?[cell.position] = names }
            }
            ports.removeAll(keepingCapacity: true)
            admitting.removeAll(keepingCapacity: true)
        }
        walk(model: model, policies: policies, attributed: attributed) { probe, port, allowedBy in
            if probe.cell != cell {
                store()
                cell = probe.cell
            }
            guard let allowedBy else { return }
            ports.append(port)
            if attributed { admitting[port, default: []].formUnion(allowedBy) }
        }
        store()
        return FlowMatrix(enablement: enablement, ingress: ingress, egress: egress, supplementary: supplementary)
    }

    /// Every probed connection with its verdict, in matrix order (ingress rows, then
    /// egress rows; classes in column order; endpoints, then ports, in model order).
    /// The matrix is exactly the union of the allowed probes per cell.
    public static func probes(model: FlowModel, policies: [NetworkPolicy]) -> [FlowProbe] {
        var result: [FlowProbe] = []
        walk(model: model, policies: policies, attributed: false) { probe, port, allowedBy in
            let allowed = allowedBy != nil
            let flowClass =
                probe.cell.direction == .ingress
                ? IngressSource.allCases[probe.cell.position].rawValue
                : EgressDestination.allCases[probe.cell.position].rawValue
            result.append(
                FlowProbe(
                    direction: probe.cell.direction, component: FlowComponent.allCases[probe.cell.row],
                    flowClass: flowClass, source: model.endpoints[probe.source],
                    destination: model.endpoints[probe.destination], port: port, allowed: allowed))
        }
        return result
    }

    // MARK: Walking the model

    /// A cell of the matrix: direction, row and class position.
    private struct Cell: Equatable {
        let direction: FlowDirection
        let row: Int
        let position: Int
    }

    /// One (source, destination) pair of a cell.
    private struct Pair {
        let cell: Cell
        let source: Int
        let destination: Int
    }

    /// Calls `visit` with every probe: its pair, port and verdict, cell by cell in matrix order.
    /// The verdict is nil when the probe is refused, else the indices of the policies allowing
    /// it (only when `attributed`; empty otherwise).
    private static func walk(
        model: FlowModel, policies: [NetworkPolicy], attributed: Bool, visit: (Pair, FlowPort, [Int]?) -> Void
    ) {
        func verdict(_ port: FlowPort, _ source: Int, _ destination: Int, _ prepared: PolicyEvaluator.PreparedEndpoints,
            _ evaluator: PolicyEvaluator) -> [Int]?
        {
            if attributed { return evaluator.admittingPolicies(port, from: source, to: destination, in: prepared) }
            return evaluator.allows(port, from: source, to: destination, in: prepared) ? [] : nil
        }
        let evaluator = PolicyEvaluator(policies: policies)
        let prepared = evaluator.prepare(model.endpoints)
        // A pod's traffic to itself is never a flow (§9.1), in any class, enabled or not.
        for row in FlowComponent.allCases.indices {
            let listening = model.listeningPorts(row)
            for (position, sources) in model.ingressClasses.enumerated() {
                let cell = Cell(direction: .ingress, row: row, position: position)
                for source in sources where source != row {
                    let pair = Pair(cell: cell, source: source, destination: row)
                    for port in listening {
                        visit(pair, port, verdict(port, source, row, prepared, evaluator))
                    }
                }
            }
        }
        for row in FlowComponent.allCases.indices {
            for (position, targets) in model.egressClasses.enumerated() {
                let cell = Cell(direction: .egress, row: row, position: position)
                for target in targets where target.index != row {
                    let pair = Pair(cell: cell, source: row, destination: target.index)
                    for port in target.ports {
                        visit(pair, port, verdict(port, row, target.index, prepared, evaluator))
                    }
                }
            }
        }
    }

    /// `ports` sorted by port then protocol, duplicates removed (sorts `ports` in place).
    private static func normalized(_ ports: inout [FlowPort]) -> [FlowPort] {
        ports.sort()
        var result: [FlowPort] = []
        result.reserveCapacity(ports.count)
        for port in ports where result.last != port { result.append(port) }
        return result
    }
}
