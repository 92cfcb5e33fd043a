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
        var work = 0
        return matrix(
            model: model, policies: policies, enablement: enablement, attributed: attributed, supplementary: supplementary,
            work: &work)
    }

    /// `matrix(model:policies:enablement:attributed:supplementary:)`, adding the operations spent
    /// to `work` (counted as `PolicyEvaluator.prepare` and `verdicts` say; bounded in docs/limits.md).
    static func matrix(
        model: FlowModel, policies: [NetworkPolicy], enablement: Enablement, attributed: Bool, supplementary: [String],
        work: inout Int
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
        walk(model: model, policies: policies, attributed: attributed, work: &work) { probe, port, allowedBy in
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
        var work = 0
        walk(model: model, policies: policies, attributed: false, work: &work) { probe, port, allowedBy in
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
    /// it (only when `attributed`; empty otherwise). The evaluator gives the verdicts of all the
    /// ports of a (source, destination) pair at once; `work` counts its operations.
    private static func walk(
        model: FlowModel, policies: [NetworkPolicy], attributed: Bool, work: inout Int,
        visit: (Pair, FlowPort, [Int]?) -> Void
    ) {
        // The ports probed on each endpoint as a destination: the evaluator's masks cover them.
        var probing = Array(repeating: [FlowPort](), count: model.endpoints.count)
        for row in FlowComponent.allCases.indices { probing[row] += model.listeningPorts(row) }
        for targets in model.egressClasses {
            for target in targets { probing[target.index] += target.ports }
        }
        let evaluator = PolicyEvaluator(policies: policies)
        let prepared = evaluator.prepare(model.endpoints, probing: probing, work: &work)
        func probe(_ pair: Pair, _ ports: [FlowPort], work: inout Int) {
            guard !ports.isEmpty else { return }
            let verdicts = evaluator.verdicts(
                from: pair.source, to: pair.destination, in: prepared, attributed: attributed, work: &work)
            for port in ports { visit(pair, port, verdicts[prepared.probeIndex(of: port, at: pair.destination)]) }
        }
        // A pod's traffic to itself is never a flow (§9.1), in any class, enabled or not.
        for row in FlowComponent.allCases.indices {
            let listening = model.listeningPorts(row)
            for (position, sources) in model.ingressClasses.enumerated() {
                let cell = Cell(direction: .ingress, row: row, position: position)
                for source in sources where source != row {
                    probe(Pair(cell: cell, source: source, destination: row), listening, work: &work)
                }
            }
        }
        for row in FlowComponent.allCases.indices {
            for (position, targets) in model.egressClasses.enumerated() {
                let cell = Cell(direction: .egress, row: row, position: position)
                for target in targets where target.index != row {
                    probe(Pair(cell: cell, source: row, destination: target.index), target.ports, work: &work)
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
