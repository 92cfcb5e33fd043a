/// A protocol and port of a flow matrix cell (`{"protocol": "TCP", "port": 3100}`).
///
/// Ordered by port, then protocol, as cells list them (spec §9.1).
public struct FlowPort: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var `protocol`: PortProtocol
    public var port: Int

    public init(_ proto: PortProtocol, _ port: Int) {
        self.protocol = proto
        self.port = port
    }

    /// A TCP port.
    public static func tcp(_ port: Int) -> FlowPort { FlowPort(.tcp, port) }

    /// A UDP port.
    public static func udp(_ port: Int) -> FlowPort { FlowPort(.udp, port) }

    public static func < (a: FlowPort, b: FlowPort) -> Bool {
        a.port != b.port ? a.port < b.port : a.protocol < b.protocol
    }

    /// `3100` for TCP (the common case), `53/UDP` otherwise.
    public var description: String { self.protocol == .tcp ? String(port) : "\(port)/\(self.protocol.rawValue)" }
}
