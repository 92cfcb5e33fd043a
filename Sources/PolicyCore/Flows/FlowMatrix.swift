/// The flow matrix of spec §9.1: for each component row, the ports over which each
/// ingress source class reaches the row's pod and the row's pod reaches each egress
/// destination class.
public struct FlowMatrix: Sendable, Hashable {
    /// Whether policies are generated, and why (the `enabled` / `reason` of the JSON).
    public var enablement: Enablement
    /// Eight rows, in `FlowComponent.allCases` order.
    public var ingress: [FlowRow<IngressSource>]
    /// Eight rows, in `FlowComponent.allCases` order.
    public var egress: [FlowRow<EgressDestination>]
    /// The names of the stack's supplementary policies: the text and markdown tables mark a
    /// cell with a footnote where one of them allows a port (needs `FlowRow.by`).
    public var supplementary: [String]

    /// A matrix from its rows (eight per direction, in `FlowComponent.allCases` order).
    public init(
        enablement: Enablement, ingress: [FlowRow<IngressSource>], egress: [FlowRow<EgressDestination>],
        supplementary: [String] = []
    ) {
        self.enablement = enablement
        self.ingress = ingress
        self.egress = egress
        self.supplementary = supplementary
    }
}

/// One row of a flow table: a component and one cell per class.
public struct FlowRow<Class: FlowClass>: Sendable, Hashable {
    /// The row.
    public var component: FlowComponent
    /// One cell per class, in `Class.allCases` order; each sorted by port then protocol.
    public var cells: [[FlowPort]]
    /// With attribution (a stack with supplementary policies): per cell, per port of the cell,
    /// the names of the policies allowing it (the JSON's `by`); nil otherwise.
    public var by: [[[String]]]?

    /// A row with every cell empty.
    public init(component: FlowComponent) {
        self.component = component
        self.cells = Array(repeating: [], count: Class.allCases.count)
    }

    /// The allowed ports of `flowClass` (✅ when non-empty).
    public subscript(_ flowClass: Class) -> [FlowPort] {
        get { cells[flowClass.position] }
        set { cells[flowClass.position] = newValue }
    }
}

/// The rows of the flow tables, in the documentation's order.
public enum FlowComponent: String, Sendable, Hashable, CaseIterable {
    case distributor
    case ingester
    case querier
    case queryFrontend = "query-frontend"
    case ruler
    case compactor
    case indexGateway = "index-gateway"
    case gateway

    /// The pod's `app.kubernetes.io/component` label value.
    public var componentLabel: String { self == .gateway ? "lokistack-gateway" : rawValue }
}

/// A direction of the flow matrix.
public enum FlowDirection: String, Sendable, Hashable, CaseIterable {
    case ingress
    case egress
}

/// A column class of a flow table.
public protocol FlowClass: RawRepresentable, CaseIterable, Sendable, Hashable
where RawValue == String, AllCases == [Self] {
    /// The direction whose table the class is a column of.
    static var direction: FlowDirection { get }
    /// The column heading of the text and markdown tables (`From Gateway`).
    var title: String { get }
}

extension FlowClass {
    /// Index of the class in `allCases`.
    var position: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// Ingress source classes (spec §9.1), in column order; raw values are the JSON keys.
public enum IngressSource: String, FlowClass {
    /// The gateway pod.
    case gateway
    /// The seven Loki component pods other than the row's own.
    case components
    /// An address outside the cluster.
    case external
    /// The Prometheus pod of the model.
    case monitoring
    /// An unrelated pod in another namespace.
    case otherNamespace

    public static var direction: FlowDirection { .ingress }

    public var title: String {
        switch self {
        case .gateway: "From Gateway"
        case .components: "From Components"
        case .external: "From External"
        case .monitoring: "From Monitoring"
        case .otherNamespace: "From Other Namespace"
        }
    }
}

/// Egress destination classes (spec §9.1), in column order; raw values are the JSON keys.
public enum EgressDestination: String, FlowClass {
    /// The seven Loki component pods other than the row's own.
    case components
    /// The object storage address on OBJSTORE_PORTS.
    case objectStorage
    /// The cluster DNS pods.
    case dns
    /// Configured Alertmanager endpoints and the OpenShift Alertmanager pods.
    case alertManager
    /// The API server address on 6443.
    case apiServer
    /// An outside address on TCP 8443.
    case external

    public static var direction: FlowDirection { .egress }

    public var title: String {
        switch self {
        case .components: "To Components"
        case .objectStorage: "To Object Storage"
        case .dns: "To DNS"
        case .alertManager: "To AlertManager"
        case .apiServer: "To API Server"
        case .external: "To External"
        }
    }
}
