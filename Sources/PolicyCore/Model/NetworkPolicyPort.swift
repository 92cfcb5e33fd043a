/// A `NetworkPolicyPort`: a protocol and a port (number or named), optionally a range
/// up to `endPort`.
public struct NetworkPolicyPort: Sendable, Hashable {
    public var `protocol`: PortProtocol
    /// Nil means every port of the protocol.
    public var port: PortValue?
    /// With a numeric `port`, the inclusive end of a port range.
    public var endPort: Int?

    public init(_ proto: PortProtocol = .tcp, port: PortValue?, endPort: Int? = nil) {
        self.protocol = proto
        self.port = port
        self.endPort = endPort
    }

    /// A single TCP port, the generator's common case.
    public static func tcp(_ port: Int) -> NetworkPolicyPort {
        NetworkPolicyPort(.tcp, port: .number(port))
    }

    /// A single UDP port.
    public static func udp(_ port: Int) -> NetworkPolicyPort {
        NetworkPolicyPort(.udp, port: .number(port))
    }
}

/// A transport protocol a NetworkPolicy port names.
public enum PortProtocol: String, Sendable, Hashable, CaseIterable, Comparable {
    case tcp = "TCP"
    case udp = "UDP"
    case sctp = "SCTP"

    public static func < (lhs: PortProtocol, rhs: PortProtocol) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// A port given by number or by the name of a container port.
public enum PortValue: Sendable, Hashable {
    case number(Int)
    case name(String)
}
